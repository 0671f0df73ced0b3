using System.Diagnostics;
using System.Globalization;

namespace Orchestrator.Benchmarks.Scheduler;

/// <summary>
/// One program of the product run as its own process (<c>dotnet program.dll</c>), with the last lines of its
/// output kept for failure messages and its peak resident memory read from <c>/proc</c>.
/// </summary>
internal sealed class ProductProcess : IAsyncDisposable
{
    private const int KeptLines = 200;

    private readonly Process _process;
    private readonly Queue<string> _tail = new();
    private StreamWriter? _log;
    private bool _disposed;

    private ProductProcess(string name, Process process)
    {
        Name = name;
        _process = process;
    }

    public string Name { get; }

    public int Id => _process.Id;

    public bool HasExited => _disposed || _process.HasExited;

    /// <summary>The last lines the process wrote, oldest first.</summary>
    public string Tail
    {
        get
        {
            lock (_tail)
            {
                return string.Join('\n', _tail);
            }
        }
    }

    /// <summary>Starts <c>dotnet program</c> with the given environment added to this process's own.</summary>
    public static ProductProcess Start(string name, string program, IReadOnlyDictionary<string, string> environment)
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

        var started = new ProductProcess(name, Process.Start(start)!);
        if (Environment.GetEnvironmentVariable("BENCH_LOG_DIR") is { Length: > 0 } logDirectory)
        {
            // Every line, for finding where the time goes; otherwise only the tail is kept.
            Directory.CreateDirectory(logDirectory);
            started._log = new StreamWriter(Path.Combine(logDirectory, name.Replace(' ', '-') + ".log"));
        }

        DataReceivedEventHandler keep = (_, line) => started.Keep(line.Data);
        started._process.OutputDataReceived += keep;
        started._process.ErrorDataReceived += keep;
        started._process.BeginOutputReadLine();
        started._process.BeginErrorReadLine();
        return started;
    }

    /// <summary>The peak resident set size in bytes (VmHWM), or null when /proc cannot tell.</summary>
    public long? PeakMemoryBytes()
    {
        var path = $"/proc/{_process.Id}/status";
        if (HasExited || !File.Exists(path))
        {
            return null;
        }

        var line = File.ReadLines(path).FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        var kilobytes = line?.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1];
        return kilobytes is null ? null : long.Parse(kilobytes, CultureInfo.InvariantCulture) * 1024;
    }

    /// <summary>The cpu time the process has used so far.</summary>
    public TimeSpan CpuTime()
    {
        if (_disposed)
        {
            return TimeSpan.Zero;
        }

        try
        {
            _process.Refresh();
            return _process.TotalProcessorTime;
        }
        catch (InvalidOperationException)
        {
            return TimeSpan.Zero;
        }
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
        lock (_tail)
        {
            _log?.Dispose();
            _log = null;
        }

        return ValueTask.CompletedTask;
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_tail)
        {
            _log?.WriteLine(line);
            _tail.Enqueue(line);
            while (_tail.Count > KeptLines)
            {
                _tail.Dequeue();
            }
        }
    }
}
