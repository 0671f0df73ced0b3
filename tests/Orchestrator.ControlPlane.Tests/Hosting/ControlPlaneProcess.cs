using System.Diagnostics;
using System.Text;
using Orchestrator.ControlPlane.Hosting;
using Orchestrator.Testing;

namespace Orchestrator.ControlPlane.Tests.Hosting;

/// <summary>A control-plane silo run as its own process from the build output, as the set-up scripts run it.</summary>
internal sealed class ControlPlaneProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(2) };

    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private ControlPlaneProcess(Process process, int httpPort, int siloPort)
    {
        _process = process;
        HttpPort = httpPort;
        SiloPort = siloPort;
    }

    public int HttpPort { get; }

    public int SiloPort { get; }

    public bool HasExited => _process.HasExited;

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

    /// <summary>Starts a silo of <paramref name="region"/> and waits until it reports ready.</summary>
    public static async Task<ControlPlaneProcess> StartAsync(string region, string connectionString)
    {
        var assembly = typeof(Readiness).Assembly.Location;
        var (httpPort, siloPort, gatewayPort) = (FreePorts.Next(), FreePorts.Next(), FreePorts.Next());
        var start = new ProcessStartInfo("dotnet", [assembly])
        {
            WorkingDirectory = Path.GetDirectoryName(assembly)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment =
            {
                ["ConnectionStrings__Region"] = connectionString,
                ["Orchestrator__Region"] = region,
                ["Orleans__SiloPort"] = siloPort.ToString(),
                ["Orleans__GatewayPort"] = gatewayPort.ToString(),
                ["Urls"] = $"http://127.0.0.1:{httpPort}",
            },
        };

        var silo = new ControlPlaneProcess(Process.Start(start)!, httpPort, siloPort);
        silo.CaptureOutput();
        await silo.WaitUntilReadyAsync();
        return silo;
    }

    /// <summary>Kills the process at once (SIGKILL), as a crash would.</summary>
    public void Kill()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    public ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            Kill();
        }

        _process.Dispose();
        return ValueTask.CompletedTask;
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

    private async Task WaitUntilReadyAsync()
    {
        var deadline = DateTime.UtcNow + StartTimeout;
        while (!await IsReadyAsync())
        {
            if (_process.HasExited || DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException(
                    $"Control-plane silo on port {HttpPort} did not become ready " +
                    $"(exited: {_process.HasExited}). Its output:\n{Output}");
            }

            await Task.Delay(200);
        }
    }

    private async Task<bool> IsReadyAsync()
    {
        try
        {
            using var response = await Http.GetAsync($"http://127.0.0.1:{HttpPort}/readyz");
            return response.IsSuccessStatusCode;
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
}
