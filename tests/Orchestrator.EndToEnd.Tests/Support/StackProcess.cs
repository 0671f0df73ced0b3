using System.Diagnostics;
using System.Text;

namespace Orchestrator.EndToEnd.Tests.Support;

/// <summary>One program of the stack run as its own process, with its output kept for failure messages.</summary>
internal sealed class StackProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private bool _disposed;

    private StackProcess(string name, Process process)
    {
        Name = name;
        _process = process;
    }

    public string Name { get; }

    public bool HasExited => _disposed || _process.HasExited;

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>
    /// Starts <c>dotnet program</c> with the given environment, then waits until <paramref name="ready"/>.
    /// </summary>
    public static async Task<StackProcess> StartAsync(
        string name, string program, IReadOnlyDictionary<string, string> environment, Func<Task<bool>> ready,
        TimeSpan timeout)
    {
        if (!File.Exists(program))
        {
            throw new InvalidOperationException($"{name}: {program} is not built; run dotnet build -c Release");
        }

        var start = new ProcessStartInfo("dotnet", [program])
        {
            WorkingDirectory = Path.GetDirectoryName(program)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        var started = new StackProcess(name, Process.Start(start)!);
        started.CaptureOutput();
        var deadline = DateTime.UtcNow + timeout;
        while (!await SafeAsync(ready))
        {
            if (started.HasExited || DateTime.UtcNow > deadline)
            {
                var output = started.Output;
                await started.DisposeAsync();
                throw new InvalidOperationException(
                    $"{name} did not become ready within {timeout} (exited: {started.HasExited}). Output:\n{output}");
            }

            await Task.Delay(200);
        }

        return started;
    }

    public ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return ValueTask.CompletedTask;
        }

        _disposed = true;
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }

        _process.Dispose();
        return ValueTask.CompletedTask;
    }

    private static async Task<bool> SafeAsync(Func<Task<bool>> ready)
    {
        try
        {
            return await ready();
        }
        catch (HttpRequestException)
        {
            return false;
        }
        catch (TaskCanceledException)
        {
            return false;
        }
    }

    private void CaptureOutput()
    {
        DataReceivedEventHandler append = (_, line) =>
        {
            lock (_output)
            {
                _output.AppendLine(line.Data);
            }
        };
        _process.OutputDataReceived += append;
        _process.ErrorDataReceived += append;
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }
}
