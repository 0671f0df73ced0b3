using System.Diagnostics;
using System.Text;

namespace Orchestrator.EndToEnd.Tests.Support;

/// <summary>The lines a running <c>kubectl get -w</c> prints, collected as they come.</summary>
internal sealed class WatchOutput
{
    private readonly StringBuilder _lines = new();
    private readonly StringBuilder _errors = new();

    public WatchOutput(Process watch)
    {
        watch.OutputDataReceived += (_, line) => Append(_lines, line.Data);
        watch.ErrorDataReceived += (_, line) => Append(_errors, line.Data);
        watch.BeginOutputReadLine();
        watch.BeginErrorReadLine();
    }

    public string Text
    {
        get
        {
            lock (_lines)
            {
                return _lines.ToString();
            }
        }
    }

    /// <summary>Waits until a printed line contains <paramref name="text"/>.</summary>
    public async Task WaitForAsync(string text, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!Text.Contains(text, StringComparison.Ordinal))
        {
            if (DateTime.UtcNow > deadline)
            {
                string errors;
                lock (_errors)
                {
                    errors = _errors.ToString();
                }

                throw new AssertFailedException(
                    $"The watch did not print \"{text}\" within {timeout}.\nPrinted:\n{Text}\nErrors:\n{errors}");
            }

            await Task.Delay(100);
        }
    }

    private static void Append(StringBuilder target, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (target)
        {
            target.AppendLine(line);
        }
    }
}
