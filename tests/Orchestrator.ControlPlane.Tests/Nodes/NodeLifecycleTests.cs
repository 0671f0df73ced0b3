using System.Text.Json.Nodes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orchestrator.Api.Lifecycle;
using Orchestrator.Api.Resources;
using Orchestrator.Cluster;
using Orchestrator.Contracts.Nodes;
using Orchestrator.ControlPlane.Nodes;
using Orchestrator.ControlPlane.Pods;
using Orchestrator.NodeAgent.Simulation;
using Orchestrator.Store;
using Orchestrator.Store.Objects;
using Orchestrator.Testing;

namespace Orchestrator.ControlPlane.Tests.Nodes;

/// <summary>
/// Simulated nodes against the node lifecycle on a fresh region database: a control-plane host (Orleans silo,
/// object store, node lifecycle with a grace period of 3 s and an eviction timeout of 2 s, pod grains) and a
/// simulated node runtime host that the tests stop and start.
/// </summary>
[TestClass]
[TestCategory("Integration")]
public sealed class NodeLifecycleTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private static TestDatabase s_database = null!;
    private static IHost s_controlPlane = null!;

    public TestContext TestContext { get; set; } = null!;

    private static IObjectStore Store => s_controlPlane.Services.GetRequiredService<IObjectStore>();

    [ClassInitialize]
    public static async Task StartControlPlaneAsync(TestContext context)
    {
        s_database = await TestDatabase.CreateAsync();
        var cluster = new RegionClusterOptions
        {
            Region = "nodes-test",
            ConnectionString = s_database.ConnectionString,
            SiloPort = FreePorts.Next(),
            GatewayPort = FreePorts.Next(),
        };

        var builder = Host.CreateApplicationBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["NodeLifecycle:GracePeriodSeconds"] = "3",
            ["NodeLifecycle:EvictionTimeoutSeconds"] = "2",
            ["NodeLifecycle:PassIntervalSeconds"] = "0.5",
        });
        builder.UseOrleans(silo => silo.UseRegionCluster(cluster));
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddObjectStore(s_database.ConnectionString);
        builder.Services.AddSingleton<ObjectLifecycle>();
        builder.Services.AddNodeLifecycle(builder.Configuration);
        builder.Services.AddPodGrains();
        s_controlPlane = builder.Build();
        await s_controlPlane.StartAsync(context.CancellationToken);
    }

    [ClassCleanup]
    public static async Task StopControlPlaneAsync()
    {
        await s_controlPlane.StopAsync();
        s_controlPlane.Dispose();
        await s_database.DisposeAsync();
    }

    [TestMethod]
    [Timeout(180_000)]
    public async Task SimulatedNodes_StoppedAndRestarted_ReadyLostEvictedAndReadyAgain()
    {
        // Registered, Ready, with their capacity in the object store and in the node ledgers.
        using (var nodes = await StartNodesAsync("life"))
        {
            foreach (var (name, zone) in new[] { ("life-0", "z1"), ("life-1", "z2") })
            {
                var node = await WaitForNodeAsync(name, "registered and Ready",
                    n => NodeHealth.ReadyStatus(n) == "True");
                Assert.AreEqual(zone, (string?)node["metadata"]!["labels"]!["topology.kubernetes.io/zone"]);
                Assert.AreEqual("4", (string?)node["status"]!["allocatable"]!["cpu"]);
                await Eventually.HoldsAsync($"the ledger of {name} holding 4 cpus", Patience, async () =>
                    (await Grains.GetGrain<INodeGrain>(name).GetSnapshotAsync()).Capacity.MilliCpu == 4000);
            }

            var lease = await Store.GetAsync(new ObjectKey("coordination.k8s.io/leases", "kube-node-lease", "life-0"),
                TestContext.CancellationToken);
            Assert.AreEqual("life-0", (string?)lease!.Object["spec"]!["holderIdentity"]);

            // A bound pod goes Running with its four conditions True.
            await CreatePodAsync("web-1", "life-0");
            var pod = await WaitForPodAsync("web-1", "Running", p => (string?)p["status"]?["phase"] == "Running");
            foreach (var type in new[] { "PodScheduled", "Initialized", "ContainersReady", "Ready" })
            {
                var condition = pod["status"]!["conditions"]!.AsArray().OfType<JsonObject>()
                    .Single(c => (string?)c["type"] == type);
                Assert.AreEqual("True", (string?)condition["status"], type);
            }

            Assert.IsFalse(string.IsNullOrEmpty((string?)pod["status"]!["podIP"]));

            await nodes.StopAsync(TestContext.CancellationToken);
        }

        // Stopped: Unknown with the unreachable taints within the grace period, then the pod is deleted.
        var lost = await WaitForNodeAsync("life-0", "Ready Unknown and tainted unreachable", n =>
            NodeHealth.ReadyStatus(n) == "Unknown" && Taints(n).Contains("node.kubernetes.io/unreachable:NoExecute"));
        CollectionAssert.Contains(Taints(lost), "node.kubernetes.io/unreachable:NoSchedule");
        var ready = lost["status"]!["conditions"]!.AsArray().OfType<JsonObject>()
            .Single(c => (string?)c["type"] == "Ready");
        Assert.AreEqual("NodeStatusUnknown", (string?)ready["reason"]);
        Assert.AreEqual("Kubelet stopped posting node status.", (string?)ready["message"]);
        await Eventually.HoldsAsync("pod web-1 deleted after the eviction timeout", Patience, async () =>
            await Store.GetAsync(PodKey("web-1"), TestContext.CancellationToken) is null);

        // Restarted: renewals resume, Ready again, the taints go.
        using (var nodes = await StartNodesAsync("life"))
        {
            await WaitForNodeAsync("life-0", "Ready again without lost taints", n =>
                NodeHealth.ReadyStatus(n) == "True" && Taints(n).Count == 0);
            await nodes.StopAsync(TestContext.CancellationToken);
        }
    }

    [TestMethod]
    [Timeout(120_000)]
    public async Task SimulatedNodes_PodMarkedForDeletion_Removed()
    {
        using var nodes = await StartNodesAsync("del");
        await WaitForNodeAsync("del-0", "registered and Ready", n => NodeHealth.ReadyStatus(n) == "True");
        await CreatePodAsync("doomed", "del-0");
        await WaitForPodAsync("doomed", "Running", p => (string?)p["status"]?["phase"] == "Running");

        var lifecycle = s_controlPlane.Services.GetRequiredService<ObjectLifecycle>();
        var outcome = await lifecycle.DeleteAsync(ResourceCatalog.Default.Find("", "v1", "pods")!, PodKey("doomed"),
            new DeletionOptions(), TestContext.CancellationToken);

        Assert.IsFalse(outcome.Deleted, "a running pod is given its grace period");
        await Eventually.HoldsAsync("pod doomed removed by its node", Patience, async () =>
            await Store.GetAsync(PodKey("doomed"), TestContext.CancellationToken) is null);
        await nodes.StopAsync(TestContext.CancellationToken);
    }

    private static IGrainFactory Grains => s_controlPlane.Services.GetRequiredService<IGrainFactory>();

    private static ObjectKey PodKey(string name) => new("pods", "default", name);

    private async Task<IHost> StartNodesAsync(string prefix)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Region"] = s_database.ConnectionString,
            ["Simulation:NodeCount"] = "2",
            ["Simulation:NamePrefix"] = prefix,
            ["Simulation:Cpu"] = "4",
            ["Simulation:Memory"] = "8Gi",
            ["Simulation:Zones:0"] = "z1",
            ["Simulation:Zones:1"] = "z2",
            ["Simulation:RenewIntervalSeconds"] = "0.5",
        });
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSimulatedNodes(builder.Configuration);
        var host = builder.Build();
        await host.StartAsync(TestContext.CancellationToken);
        return host;
    }

    private async Task CreatePodAsync(string name, string nodeName)
    {
        var pod = new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Pod",
            ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = "default" },
            ["spec"] = new JsonObject
            {
                ["nodeName"] = nodeName,
                ["containers"] = new JsonArray(new JsonObject { ["name"] = "web", ["image"] = "nginx" }),
            },
            ["status"] = new JsonObject
            {
                ["phase"] = "Pending",
                ["conditions"] = new JsonArray(new JsonObject { ["type"] = "PodScheduled", ["status"] = "True" }),
            },
        };
        await Store.CreateAsync(PodKey(name), pod, TestContext.CancellationToken);
    }

    private Task<JsonObject> WaitForNodeAsync(string name, string what, Func<JsonObject, bool> condition) =>
        WaitForAsync(new ObjectKey("nodes", "", name), $"node {name} {what}", condition);

    private Task<JsonObject> WaitForPodAsync(string name, string what, Func<JsonObject, bool> condition) =>
        WaitForAsync(PodKey(name), $"pod {name} {what}", condition);

    private Task<JsonObject> WaitForAsync(ObjectKey key, string what, Func<JsonObject, bool> condition) =>
        Eventually.SucceedsAsync(what, Patience, async () =>
        {
            var stored = await Store.GetAsync(key, TestContext.CancellationToken)
                ?? throw new InvalidOperationException($"{key} does not exist");
            return condition(stored.Object)
                ? stored.Object
                : throw new InvalidOperationException($"{key} is {stored.Json}");
        });

    private static List<string> Taints(JsonObject node) =>
        (node["spec"]?["taints"] as JsonArray ?? []).OfType<JsonObject>()
            .Select(t => (string?)t["key"] + ":" + (string?)t["effect"]).ToList();
}
