using System.Globalization;
using Orchestrator.Testing;

namespace Orchestrator.EndToEnd.Tests.Support;

/// <summary>
/// The stack the end-to-end tests drive: a fresh region database, a control-plane silo and the gateway in front
/// of it, all as real processes, with a kubeconfig that reaches the gateway over TLS with the admin token.
/// Started once for the test assembly.
/// </summary>
internal sealed class ApiStack : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(120);
    private static ApiStack? s_current;

    private readonly TestDatabase _database;
    private readonly IReadOnlyList<StackProcess> _controlPlanes;
    private readonly StackProcess _gateway;
    private StackProcess? _nodeAgent;

    private ApiStack(TestDatabase database, IReadOnlyList<StackProcess> controlPlanes, StackProcess gateway,
        string directory, string kubeconfig)
    {
        _database = database;
        _controlPlanes = controlPlanes;
        _gateway = gateway;
        Directory = directory;
        Kubeconfig = kubeconfig;
    }

    public static ApiStack Current => s_current
        ?? throw new InvalidOperationException("The stack is not started: AssemblyInitialize has not run");

    /// <summary>A directory for this run's files (gateway data, kubeconfigs, manifests).</summary>
    public string Directory { get; }

    public string Kubeconfig { get; }

    /// <summary>What <c>kubectl get deploy -A</c> printed right after the stack started, before any test ran.</summary>
    public KubectlResult FreshServerListing { get; private set; } = new("", -1, "", "");

    public static async Task StartAsync()
    {
        s_current = await CreateAsync(controlPlanes: 1);
        s_current.FreshServerListing = await s_current.Kubectl().RunAsync("get", "deploy", "-A");
    }

    /// <summary>
    /// A stack of its own, with several control-plane silos behind one gateway and, when
    /// <paramref name="simulatedNodes"/> is above 0, a node agent hosting that many simulated nodes (ample cpu,
    /// memory and pods each, labelled with <paramref name="zones"/> in turn when given); returns once kubectl lists
    /// them all Ready.
    /// </summary>
    public static async Task<ApiStack> CreateAsync(
        int controlPlanes, int simulatedNodes = 0, IReadOnlyList<string>? zones = null)
    {
        var stack = await CreateAsync(controlPlanes);
        if (simulatedNodes > 0)
        {
            try
            {
                await stack.StartNodeAgentAsync(simulatedNodes, zones ?? []);
            }
            catch
            {
                await stack.DisposeAsync();
                throw;
            }
        }

        return stack;
    }

    /// <summary>A stack of its own, with several control-plane silos behind one gateway.</summary>
    public static async Task<ApiStack> CreateAsync(int controlPlanes)
    {
        var directory = System.IO.Directory.CreateTempSubdirectory("orchestrator-e2e-").FullName;
        var database = await TestDatabase.CreateAsync();
        var ports = new List<int>();
        var silos = new List<StackProcess>();
        for (var index = 1; index <= controlPlanes; index++)
        {
            var port = FreePorts.Next();
            ports.Add(port);
            silos.Add(await StackProcess.StartAsync($"control plane {index}",
                RepositoryPaths.Program("Orchestrator.ControlPlane"),
                new Dictionary<string, string>
                {
                    ["ConnectionStrings__Region"] = database.ConnectionString,
                    ["Orchestrator__Region"] = "e2e",
                    ["Orchestrator__DataDirectory"] = directory,
                    ["Orleans__SiloPort"] = FreePorts.Next().ToString(),
                    ["Orleans__GatewayPort"] = FreePorts.Next().ToString(),
                    ["Urls"] = $"http://127.0.0.1:{port}",
                },
                () => IsOkAsync($"http://127.0.0.1:{port}/readyz"), StartTimeout));
        }

        var (gateway, kubeconfig) = await GatewayLauncher.StartAsync(directory, ports, StartTimeout);
        return new ApiStack(database, silos, gateway, directory, kubeconfig);
    }

    public static async Task StopAsync()
    {
        if (s_current is not null)
        {
            await s_current.DisposeAsync();
            s_current = null;
        }
    }

    public Kubectl Kubectl(string version = "1.32") => new(version, Kubeconfig);

    /// <summary>The connection string of the stack's region database, for processes that join the stack.</summary>
    public string DatabaseConnectionString => _database.ConnectionString;

    /// <summary>The output of the stack's processes, for failure messages.</summary>
    public string Logs => string.Join('\n', _controlPlanes.Select(c => $"{c.Name}:\n{c.Output}")) +
        $"\ngateway:\n{_gateway.Output}" + (_nodeAgent is null ? "" : $"\nnode agent:\n{_nodeAgent.Output}");

    /// <summary>Kills control-plane silo <paramref name="index"/> (1-based) at once, as a crash would.</summary>
    public ValueTask KillControlPlaneAsync(int index) => _controlPlanes[index - 1].DisposeAsync();

    public async ValueTask DisposeAsync()
    {
        if (_nodeAgent is not null)
        {
            await _nodeAgent.DisposeAsync();
        }

        await _gateway.DisposeAsync();
        foreach (var silo in _controlPlanes)
        {
            await silo.DisposeAsync();
        }

        await _database.DisposeAsync();
    }

    private async Task StartNodeAgentAsync(int nodes, IReadOnlyList<string> zones)
    {
        var port = FreePorts.Next();
        var settings = zones.Select((zone, i) => KeyValuePair.Create(
            $"Simulation__Zones__{i.ToString(CultureInfo.InvariantCulture)}", zone));
        _nodeAgent = await StackProcess.StartAsync("node agent", RepositoryPaths.Program("Orchestrator.NodeAgent"),
            new Dictionary<string, string>(settings)
            {
                ["ConnectionStrings__Region"] = _database.ConnectionString,
                ["Orchestrator__Region"] = "e2e",
                ["Simulation__NodeCount"] = nodes.ToString(CultureInfo.InvariantCulture),
                ["Simulation__Cpu"] = "64",
                ["Simulation__Memory"] = "256Gi",
                ["Simulation__Pods"] = "500",
                ["Urls"] = $"http://127.0.0.1:{port}",
            },
            () => IsOkAsync($"http://127.0.0.1:{port}/healthz"), StartTimeout);

        var kubectl = Kubectl();
        await Eventually.HoldsAsync($"{nodes} simulated nodes Ready", StartTimeout, async () =>
        {
            var ready = await kubectl.RunAsync("get", "nodes", "-o",
                "jsonpath={range .items[*]}{.status.conditions[?(@.type==\"Ready\")].status}{\"\\n\"}{end}");
            return ready.ExitCode == 0 &&
                ready.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Count(s => s == "True") == nodes;
        });
    }

    internal static async Task<bool> IsOkAsync(string url, HttpClient? client = null)
    {
        using var http = client is null ? new HttpClient { Timeout = TimeSpan.FromSeconds(2) } : null;
        using var response = await (client ?? http!).GetAsync(url);
        return response.IsSuccessStatusCode;
    }
}
