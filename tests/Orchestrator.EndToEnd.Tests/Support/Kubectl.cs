using System.Diagnostics;

namespace Orchestrator.EndToEnd.Tests.Support;

/// <summary>
/// Runs one of the real, unmodified kubectl builds against the stack: each instance has its own discovery cache,
/// like a fresh user, and the stack's kubeconfig.
/// </summary>
internal sealed class Kubectl(string version, string kubeconfig)
{
    private const string ReleasesDirectory = "/usr/lib/google-cloud-sdk/bin";
    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(60);

    private readonly string _cacheDirectory = Directory.CreateTempSubdirectory("kubectl-cache-").FullName;

    public string Version { get; } = version;

    public string Binary => Path.Combine(ReleasesDirectory, "kubectl." + Version);

    public Task<KubectlResult> RunAsync(params string[] arguments) => RunAsync(arguments, null, null);

    public async Task<KubectlResult> RunAsync(
        IReadOnlyList<string> arguments, string? stdin, IReadOnlyDictionary<string, string>? environment,
        TimeSpan? timeout = null)
    {
        using var process = Start(arguments, environment, stdin is not null);
        if (stdin is not null)
        {
            await process.StandardInput.WriteAsync(stdin);
            process.StandardInput.Close();
        }

        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(timeout ?? DefaultTimeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new AssertFailedException(
                $"`kubectl {string.Join(' ', arguments)}` did not finish within {timeout ?? DefaultTimeout}");
        }

        return new KubectlResult(
            $"kubectl.{Version} {string.Join(' ', arguments)}", process.ExitCode, await output, await error);
    }

    /// <summary>Starts kubectl and leaves it running (for watches); the caller reads and stops it.</summary>
    public Process Start(
        IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string>? environment = null,
        bool redirectInput = false)
    {
        var start = new ProcessStartInfo(Binary, arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = redirectInput,
            Environment =
            {
                ["KUBECONFIG"] = kubeconfig,
                ["KUBECACHEDIR"] = _cacheDirectory,
                ["HOME"] = _cacheDirectory,
            },
        };
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        return Process.Start(start)!;
    }
}
