using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Orchestrator.Contracts.Identity;
using Orchestrator.Store;
using Orchestrator.Store.Objects;
using Orchestrator.Store.Postgres;
using Orchestrator.Store.Schema;

namespace Orchestrator.Benchmarks.Scheduler;

/// <summary>
/// The scheduler at scale: one control-plane process and one simulated node runtime hosting thousands of nodes on
/// a database of their own; once every node is Ready, Deployments of 1,000 replicas are created through the API
/// and the pods' bindings and Running phases are followed on the change feed. Prints pods bound per second (first
/// bind to last bind), the time from the first Deployment create until every pod runs, and the control plane's
/// peak RSS; the baselines are kube-scheduler's published 810 pods/s at 5,000 nodes and, measured in the same run,
/// the same number of binding writes straight to the store with no scheduling.
/// </summary>
internal static class SchedulerBenchmark
{
    /// <summary>kube-scheduler's published throughput at 5,000 nodes, the figure to beat.</summary>
    private const double KubeSchedulerPodsPerSecond = 810;

    private const string NodeCpu = "16";
    private const string NodeMemory = "64Gi";
    private const int NodePods = 110;

    /// <summary>Scheduler shards placing pods in parallel, each ranking one pod at a time.</summary>
    private const int SchedulerShards = 8;
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(2);
    private static readonly TimeSpan ReportInterval = TimeSpan.FromSeconds(10);

    public static async Task<int> RunAsync(IReadOnlyList<string> args)
    {
        var settings = SchedulerSettings.Parse(args);
        var builder = new NpgsqlConnectionStringBuilder(settings.ConnectionString) { MaxPoolSize = 64 };
        await using var dataSource = NpgsqlDataSource.Create(builder.ConnectionString);
        await new SchemaMigrator(NullLogger<SchemaMigrator>.Instance).ApplyAsync(dataSource, default);
        using var logging = LoggerFactory.Create(b => b.AddSimpleConsole().SetMinimumLevel(LogLevel.Warning));
        await using var store = new PostgresObjectStore(
            dataSource, new StoreOptions(), TimeProvider.System, logging.CreateLogger<PostgresObjectStore>());

        var dataDirectory = Directory.CreateTempSubdirectory("orchestrator-bench-").FullName;
        var port = FreePort();
        await using var controlPlane = ProductProcess.Start("control plane", settings.ControlPlaneProgram,
            new Dictionary<string, string>
            {
                ["ConnectionStrings__Region"] = settings.ConnectionString,
                ["Orchestrator__Region"] = "bench",
                ["Orchestrator__DataDirectory"] = dataDirectory,
                ["Orleans__SiloPort"] = FreePort().ToString(CultureInfo.InvariantCulture),
                ["Orleans__GatewayPort"] = FreePort().ToString(CultureInfo.InvariantCulture),
                ["Urls"] = $"http://127.0.0.1:{port}",
                ["Logging__LogLevel__Default"] = LogLevelSetting(),
                ["Orchestrator__Scheduler__Shards"] = SchedulerShards.ToString(CultureInfo.InvariantCulture),
            });
        await WaitAsync(controlPlane, "the control plane to be ready", StartTimeout,
            () => IsOkAsync($"http://127.0.0.1:{port}/readyz"));

        var clock = Stopwatch.StartNew();
        var agentPort = FreePort();
        await using var nodeAgent = ProductProcess.Start("node agent", settings.NodeAgentProgram,
            new Dictionary<string, string>
            {
                ["ConnectionStrings__Region"] = settings.ConnectionString,
                ["Orchestrator__Region"] = "bench",
                ["Simulation__NodeCount"] = settings.Nodes.ToString(CultureInfo.InvariantCulture),
                ["Simulation__Cpu"] = NodeCpu,
                ["Simulation__Memory"] = NodeMemory,
                ["Simulation__Pods"] = NodePods.ToString(CultureInfo.InvariantCulture),
                ["Simulation__RenewIntervalSeconds"] = "10",
                ["Urls"] = $"http://127.0.0.1:{agentPort}",
                ["Logging__LogLevel__Default"] = LogLevelSetting(),
            });
        var nodeWait = TimeSpan.FromSeconds(Math.Max(120, settings.Nodes / 10.0));
        await WaitAsync(nodeAgent, $"{settings.Nodes} nodes to be Ready", nodeWait,
            async () => await CountReadyNodesAsync(store) >= settings.Nodes, controlPlane);
        var nodesReadyAfter = clock.Elapsed;
        Report($"{settings.Nodes} nodes Ready after {nodesReadyAfter.TotalSeconds:F1} s");

        using var following = new CancellationTokenSource();
        var progress = new PodProgress(settings.Pods);
        var follower = progress.FollowAsync(store, await store.GetRevisionAsync(default), following.Token);
        var key = IdentityKeyFile.LoadOrCreate(dataDirectory);
        using var client = new ControlPlaneClient(
            new Uri($"http://127.0.0.1:{port}"), new IdentitySigner(key, TimeProvider.System));
        for (var i = 0; i < settings.Deployments; i++)
        {
            await client.CreateAsync("/api/v1/namespaces", Namespace(NamespaceOf(i)), default);
        }

        var started = Stopwatch.GetTimestamp();
        await Parallel.ForAsync(0, settings.Deployments, new ParallelOptions { MaxDegreeOfParallelism = 8 },
            async (i, token) => await client.CreateAsync(
                $"/apis/apps/v1/namespaces/{NamespaceOf(i)}/deployments", Deployment(i, settings.ReplicasOf(i)),
                token));

        var finished = await FollowUntilRunningAsync(settings, progress, controlPlane, nodeAgent, started);
        var peak = controlPlane.PeakMemoryBytes();
        var controlPlaneCpu = controlPlane.CpuTime();
        var (firstBind, lastBind) = progress.BindSpan;
        var bound = progress.Bound;
        var bindSeconds = Stopwatch.GetElapsedTime(firstBind, lastBind).TotalSeconds;
        var podsPerSecond = bound <= 1 || bindSeconds <= 0 ? 0 : (bound - 1) / bindSeconds;
        var allRunningSeconds = Stopwatch.GetElapsedTime(started, progress.LastRunning).TotalSeconds;
        await following.CancelAsync();
        await follower;
        await nodeAgent.DisposeAsync();
        await controlPlane.DisposeAsync();

        var sample = await AnyBoundPodAsync(store);
        var floor = sample is null ? 0 : await BindingFloor.MeasureAsync(store, sample, bound, settings.Nodes, default);

        Console.WriteLine($"nodes: {settings.Nodes:N0} simulated (cpu {NodeCpu}, memory {NodeMemory}, " +
            $"{NodePods} pods each), all Ready {nodesReadyAfter.TotalSeconds:F1} s after the runtime started");
        Console.WriteLine($"pods: {settings.Pods:N0} in {settings.Deployments} Deployments " +
            $"of {settings.ReplicasOf(0):N0} replicas (one namespace each), created through the API");
        Console.WriteLine($"pods bound:                 {bound:N0} in {bindSeconds:F1} s (first bind to last)");
        Console.WriteLine($"pods bound/s:               {podsPerSecond:N0}");
        Console.WriteLine(finished
            ? $"all Running after:          {allRunningSeconds:F1} s from the first Deployment create"
            : $"all Running after:          not within {settings.Deadline.TotalMinutes:F0} min " +
                $"({progress.Running:N0} of {settings.Pods:N0} Running)");
        var peakText = peak is { } bytes ? $"{bytes / 1048576.0:N0} MiB" : "unknown";
        Console.WriteLine(
            $"control plane peak RSS:     {peakText} (VmHWM; cpu time {controlPlaneCpu.TotalSeconds:F0} s)");
        Console.WriteLine($"store floor:                {floor:N0} binds/s (the same binds written straight to " +
            $"the store, {BindingFloor.Writers} writers, no scheduling)");
        Console.WriteLine($"kube-scheduler reference:   {KubeSchedulerPodsPerSecond:N0} pods/s at 5,000 nodes " +
            "(published figure)");
        Console.WriteLine($"scheduler: {podsPerSecond:N0} pods/s bound vs kube-scheduler " +
            $"{KubeSchedulerPodsPerSecond:N0} pods/s -> ratio {podsPerSecond / KubeSchedulerPodsPerSecond:F2} " +
            $"(store floor {floor:N0} binds/s)");
        return finished ? 0 : 1;
    }

    private static async Task<bool> FollowUntilRunningAsync(
        SchedulerSettings settings, PodProgress progress, ProductProcess controlPlane, ProductProcess nodeAgent,
        long started)
    {
        var deadline = Stopwatch.GetElapsedTime(started) + settings.Deadline;
        while (!progress.AllRunning.IsCompleted)
        {
            await Task.WhenAny(progress.AllRunning, Task.Delay(ReportInterval));
            var elapsed = Stopwatch.GetElapsedTime(started);
            Report($"{elapsed.TotalSeconds,6:F0} s: {progress.Bound:N0} bound, {progress.Running:N0} Running; " +
                $"control plane cpu {controlPlane.CpuTime().TotalSeconds:F0} s, " +
                $"rss peak {controlPlane.PeakMemoryBytes() / 1048576 ?? 0} MiB; " +
                $"node agent cpu {nodeAgent.CpuTime().TotalSeconds:F0} s");
            if (controlPlane.HasExited || nodeAgent.HasExited)
            {
                throw new InvalidOperationException(
                    $"a product process exited:\n{controlPlane.Tail}\n---\n{nodeAgent.Tail}");
            }

            if (elapsed > deadline)
            {
                Report($"control plane output:\n{controlPlane.Tail}");
                return false;
            }
        }

        return true;
    }

    private static async Task<int> CountReadyNodesAsync(IObjectStore store)
    {
        var ready = 0;
        var request = new ListRequest("nodes") { Limit = 1000 };
        while (true)
        {
            var page = await store.ListAsync(request, default);
            ready += page.Items.Count(node => (node.Object["status"]?["conditions"] as JsonArray ?? [])
                .OfType<JsonObject>()
                .Any(c => (string?)c["type"] == "Ready" && (string?)c["status"] == "True"));
            if (page.Continue is null)
            {
                return ready;
            }

            request = request with { Continue = page.Continue };
        }
    }

    private static async Task<JsonObject?> AnyBoundPodAsync(IObjectStore store)
    {
        var page = await store.ListAsync(new ListRequest("pods") { Namespace = NamespaceOf(0), Limit = 50 }, default);
        return page.Items.Select(p => p.ToJsonObject()).FirstOrDefault(p => p["spec"]?["nodeName"] is not null);
    }

    private static async Task WaitAsync(
        ProductProcess process, string what, TimeSpan timeout, Func<Task<bool>> condition,
        ProductProcess? alsoWatched = null)
    {
        var clock = Stopwatch.StartNew();
        var lastReport = TimeSpan.Zero;
        while (true)
        {
            try
            {
                if (await condition())
                {
                    return;
                }
            }
            catch (Exception error) when (error is HttpRequestException or TaskCanceledException)
            {
                // Not listening yet.
            }

            if (process.HasExited || alsoWatched?.HasExited == true || clock.Elapsed > timeout)
            {
                throw new InvalidOperationException(
                    $"timed out or exited waiting for {what}; {process.Name} output:\n{process.Tail}" +
                    (alsoWatched is null ? "" : $"\n{alsoWatched.Name} output:\n{alsoWatched.Tail}"));
            }

            if (clock.Elapsed - lastReport > ReportInterval)
            {
                lastReport = clock.Elapsed;
                Report($"waiting for {what} ({clock.Elapsed.TotalSeconds:F0} s)");
            }

            await Task.Delay(TimeSpan.FromSeconds(1));
        }
    }

    private static async Task<bool> IsOkAsync(string url)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        using var response = await http.GetAsync(url);
        return response.StatusCode == HttpStatusCode.OK;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string LogLevelSetting() =>
        Environment.GetEnvironmentVariable("BENCH_LOG_LEVEL") is { Length: > 0 } level ? level : "Warning";

    private static void Report(string line) =>
        Console.Error.WriteLine($"{DateTime.UtcNow:HH:mm:ss} {line}");

    private static string NamespaceOf(int index) => $"bench-{index:D2}";

    private static JsonObject Namespace(string name) => new()
    {
        ["apiVersion"] = "v1",
        ["kind"] = "Namespace",
        ["metadata"] = new JsonObject { ["name"] = name },
    };

    private static JsonObject Deployment(int index, int replicas)
    {
        var app = $"bench-{index:D2}";
        return new JsonObject
        {
            ["apiVersion"] = "apps/v1",
            ["kind"] = "Deployment",
            ["metadata"] = new JsonObject { ["name"] = app, ["namespace"] = NamespaceOf(index) },
            ["spec"] = new JsonObject
            {
                ["replicas"] = replicas,
                ["selector"] = new JsonObject { ["matchLabels"] = new JsonObject { ["app"] = app } },
                ["template"] = new JsonObject
                {
                    ["metadata"] = new JsonObject { ["labels"] = new JsonObject { ["app"] = app } },
                    ["spec"] = new JsonObject
                    {
                        ["containers"] = new JsonArray(new JsonObject
                        {
                            ["name"] = "app",
                            ["image"] = "registry.k8s.io/pause:3.10",
                            ["resources"] = new JsonObject
                            {
                                ["requests"] = new JsonObject { ["cpu"] = "100m", ["memory"] = "64Mi" },
                            },
                        }),
                    },
                },
            },
        };
    }
}
