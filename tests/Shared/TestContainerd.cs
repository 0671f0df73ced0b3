using System.Diagnostics;
using System.Globalization;
using System.Net;

namespace Orchestrator.Testing;

/// <summary>
/// A real containerd of the tests' own, started with the project's infra/lib scripts in a throw-away directory under
/// /tmp with its own CNI bridge and subnet, the busybox and pause images imported. Never the machine's
/// /run/containerd.
/// </summary>
public sealed class TestContainerd : IAsyncDisposable
{
    private static readonly TimeSpan ScriptTimeout = TimeSpan.FromMinutes(5);

    private readonly string _root;

    private TestContainerd(string root, string directory, string bridge, IPNetwork subnet)
    {
        _root = root;
        Directory = directory;
        Bridge = bridge;
        Subnet = subnet;
    }

    /// <summary>The instance's data directory (config, root, state, socket, CNI network).</summary>
    public string Directory { get; }

    /// <summary>The CRI socket.</summary>
    public string Socket => Path.Combine(Directory, "containerd.sock");

    /// <summary>The name of the instance's CNI bridge on the host.</summary>
    public string Bridge { get; }

    /// <summary>The /16 the instance's pods get their addresses from.</summary>
    public IPNetwork Subnet { get; }

    /// <summary>Installs what is missing, then writes the config, starts containerd and imports the images.</summary>
    public static async Task<TestContainerd> StartAsync(string name)
    {
        var root = RepositoryRoot();
        var octet = FreeSubnetOctet();
        var directory = Path.Combine("/tmp", $"cri-{name}-{Guid.NewGuid().ToString("N")[..8]}");
        var bridge = $"cri{octet}-{name}";
        bridge = bridge[..Math.Min(bridge.Length, 15)];
        var subnet = IPNetwork.Parse(string.Create(CultureInfo.InvariantCulture, $"10.{octet}.0.0/16"));
        var instance = new TestContainerd(root, directory, bridge, subnet);
        await instance.RunScriptAsync(
            "ensure_containerd_packages",
            $"write_containerd_config '{directory}' '{subnet}' '{bridge}'",
            $"start_containerd '{directory}'",
            $"import_images '{directory}' '{directory}/images'");
        return instance;
    }

    /// <summary>Stops containerd and every pod it still runs, deletes its bridge and its directory.</summary>
    public async ValueTask DisposeAsync() => await RunScriptAsync($"remove_containerd '{Directory}'");

    private async Task RunScriptAsync(params string[] steps)
    {
        var script = string.Join('\n',
        [
            "set -euo pipefail",
            "source infra/lib/common.sh",
            "source infra/lib/packages.sh",
            "source infra/lib/containerd.sh",
            "source infra/lib/images.sh",
            .. steps,
        ]);
        var start = new ProcessStartInfo("bash", ["-c", script])
        {
            WorkingDirectory = _root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException("bash did not start");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(ScriptTimeout);
        await process.WaitForExitAsync(timeout.Token);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"infra/lib/containerd.sh failed ({process.ExitCode}) running {string.Join("; ", steps)}:\n"
                + await output + await errors);
        }
    }

    /// <summary>The repository's root: ORCHESTRATOR_ROOT, or the nearest parent of the tests with infra/.</summary>
    private static string RepositoryRoot()
    {
        var configured = Environment.GetEnvironmentVariable("ORCHESTRATOR_ROOT");
        if (!string.IsNullOrEmpty(configured))
        {
            return configured;
        }

        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory != null;
             directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "infra", "lib", "containerd.sh")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No infra/lib/containerd.sh above {AppContext.BaseDirectory}");
    }

    /// <summary>A second octet X in 10.X.0.0/16 that no route of the host uses yet (another instance's).</summary>
    private static int FreeSubnetOctet()
    {
        var routes = File.ReadAllText("/proc/net/route");
        var start = Random.Shared.Next(50);
        for (var step = 0; step < 50; step++)
        {
            var octet = 200 + ((start + step) % 50);

            // /proc/net/route writes destinations as little-endian hex: 10.X.0.0 is 0000XX0A.
            if (!routes.Contains(string.Create(CultureInfo.InvariantCulture, $"\t0000{octet:X2}0A\t"),
                    StringComparison.Ordinal))
            {
                return octet;
            }
        }

        throw new InvalidOperationException("No free 10.X.0.0/16 for a test containerd among 10.200 to 10.249");
    }
}
