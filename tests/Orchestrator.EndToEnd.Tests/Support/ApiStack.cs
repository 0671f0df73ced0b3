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
    private const string DefaultNodePrefix = "sim-node";
    private static ApiStack? s_current;

    private readonly TestDatabase _database;
    private readonly StackProcess[] _controlPlanes;
    private readonly IReadOnlyList<Dictionary<string, string>> _controlPlaneSettings;
    private readonly StackProcess _gateway;
    private readonly Dictionary<string, StackProcess> _nodeAgents = new(StringComparer.Ordinal);

    private ApiStack(TestDatabase database, StackProcess[] controlPlanes,
        IReadOnlyList<Dictionary<string, string>> controlPlaneSettings, StackProcess gateway, string directory,
        string kubeconfig)
    {
        _database = database;
        _controlPlanes = controlPlanes;
        _controlPlaneSettings = controlPlaneSettings;
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
        int controlPlanes, int simulatedNodes, IReadOnlyList<string>? zones = null)
    {
        var stack = await CreateAsync(controlPlanes);
        if (simulatedNodes > 0)
        {
            try
            {
                var settings = (zones ?? []).Select((zone, i) => KeyValuePair.Create(
                    $"Simulation__Zones__{i.ToString(CultureInfo.InvariantCulture)}", zone));
                await stack.StartNodeAgentAsync(
                    DefaultNodePrefix, simulatedNodes, new Dictionary<string, string>(settings));
            }
            catch
            {
                await stack.DisposeAsync();
                throw;
            }
        }

        return stack;
    }

    /// <summary>
    /// A stack of its own, with several control-plane silos behind one gateway; <paramref name="settings"/> are
    /// extra configuration values (environment form, <c>Section__Key</c>) given to every control-plane silo.
    /// </summary>
    public static async Task<ApiStack> CreateAsync(
        int controlPlanes, IReadOnlyDictionary<string, string>? settings = null)
    {
        var directory = System.IO.Directory.CreateTempSubdirectory("orchestrator-e2e-").FullName;
        var database = await TestDatabase.CreateAsync();
        var ports = new List<int>();
        var allSettings = new List<Dictionary<string, string>>();
        var silos = new List<StackProcess>();
        for (var index = 1; index <= controlPlanes; index++)
        {
            var port = FreePorts.Next();
            ports.Add(port);
            var environment = new Dictionary<string, string>
            {
                ["ConnectionStrings__Region"] = database.ConnectionString,
                ["Orchestrator__Region"] = "e2e",
                ["Orchestrator__DataDirectory"] = directory,
                ["Orleans__SiloPort"] = FreePorts.Next().ToString(),
                ["Orleans__GatewayPort"] = FreePorts.Next().ToString(),
                ["Urls"] = $"http://127.0.0.1:{port}",
            };
            foreach (var (key, value) in settings ?? new Dictionary<string, string>())
            {
                environment[key] = value;
            }

            allSettings.Add(environment);
            silos.Add(await StartControlPlaneAsync(index, environment));
        }

        var (gateway, kubeconfig) = await GatewayLauncher.StartAsync(directory, ports, StartTimeout);
        return new ApiStack(database, [.. silos], allSettings, gateway, directory, kubeconfig);
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
        $"\ngateway:\n{_gateway.Output}" +
        string.Concat(_nodeAgents.Values.Select(a => $"\n{a.Name}:\n{a.Output}"));

    /// <summary>Kills control-plane silo <paramref name="index"/> (1-based) at once, as a crash would.</summary>
    public ValueTask KillControlPlaneAsync(int index) => _controlPlanes[index - 1].DisposeAsync();

    /// <summary>
    /// Starts control-plane silo <paramref name="index"/> (1-based) again after it was killed, with the same
    /// database, data directory (identity key), ports and settings, and returns once it answers /readyz.
    /// </summary>
    public async Task RestartControlPlaneAsync(int index)
    {
        if (!_controlPlanes[index - 1].HasExited)
        {
            throw new InvalidOperationException($"control plane {index} is still running; kill it first");
        }

        _controlPlanes[index - 1] = await StartControlPlaneAsync(index, _controlPlaneSettings[index - 1]);
    }

    /// <summary>
    /// Starts a node agent process hosting <paramref name="nodes"/> simulated nodes named
    /// <c>{namePrefix}-0</c>, <c>{namePrefix}-1</c>… (ample cpu, memory and pods each), and returns once kubectl
    /// lists them all Ready. <paramref name="settings"/> are extra configuration values for the agent.
    /// </summary>
    public async Task StartNodeAgentAsync(
        string namePrefix, int nodes, IReadOnlyDictionary<string, string>? settings = null)
    {
        var port = FreePorts.Next();
        var environment = new Dictionary<string, string>
        {
            ["ConnectionStrings__Region"] = _database.ConnectionString,
            ["Orchestrator__Region"] = "e2e",
            ["Simulation__NodeCount"] = nodes.ToString(CultureInfo.InvariantCulture),
            ["Simulation__NamePrefix"] = namePrefix,
            ["Simulation__Cpu"] = "64",
            ["Simulation__Memory"] = "256Gi",
            ["Simulation__Pods"] = "500",
            ["Urls"] = $"http://127.0.0.1:{port}",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            environment[key] = value;
        }

        _nodeAgents[namePrefix] = await StackProcess.StartAsync($"node agent {namePrefix}",
            RepositoryPaths.Program("Orchestrator.NodeAgent"), environment,
            () => IsOkAsync($"http://127.0.0.1:{port}/healthz"), StartTimeout);

        var kubectl = Kubectl();
        await Eventually.HoldsAsync($"{nodes} simulated nodes {namePrefix}-N Ready", StartTimeout, async () =>
        {
            var ready = await kubectl.RunAsync("get", "nodes", "-o",
                "jsonpath={range .items[*]}{.metadata.name} " +
                "{.status.conditions[?(@.type==\"Ready\")].status}{\"\\n\"}{end}");
            return ready.ExitCode == 0 && ready.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
                .Count(line => line.StartsWith(namePrefix + "-", StringComparison.Ordinal) &&
                    line.EndsWith(" True", StringComparison.Ordinal)) == nodes;
        });
    }

    /// <summary>Kills the node agent of the nodes named <paramref name="namePrefix"/>-N, as a crash would.</summary>
    public ValueTask KillNodeAgentAsync(string namePrefix) => _nodeAgents[namePrefix].DisposeAsync();

    public async ValueTask DisposeAsync()
    {
        foreach (var agent in _nodeAgents.Values)
        {
            await agent.DisposeAsync();
        }

        await _gateway.DisposeAsync();
        foreach (var silo in _controlPlanes)
        {
            await silo.DisposeAsync();
        }

        await _database.DisposeAsync();
    }

    private static Task<StackProcess> StartControlPlaneAsync(int index, Dictionary<string, string> environment)
    {
        var urls = environment["Urls"];
        return StackProcess.StartAsync($"control plane {index}", RepositoryPaths.Program("Orchestrator.ControlPlane"),
            environment, () => IsOkAsync($"{urls}/readyz"), StartTimeout);
    }

    internal static async Task<bool> IsOkAsync(string url, HttpClient? client = null)
    {
        using var http = client is null ? new HttpClient { Timeout = TimeSpan.FromSeconds(2) } : null;
        using var response = await (client ?? http!).GetAsync(url);
        return response.IsSuccessStatusCode;
    }
}
