using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orchestrator.Cluster;
using Orchestrator.Contracts.Nodes;
using Orchestrator.ControlPlane.Pods;
using Orchestrator.Store;
using Orchestrator.Store.Objects;
using Orchestrator.Testing;

namespace Orchestrator.ControlPlane.Tests.Pods;

/// <summary>
/// The pod grains driven by <see cref="PodDispatcher"/> on a fresh region database (Orleans silo, object store):
/// a finished or deleted pod's reservation leaves its node's ledger, and conditions follow container statuses.
/// </summary>
[TestClass]
[TestCategory("Integration")]
public sealed class PodGrainTests
{
    private const string Node = "ledger-node";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private static TestDatabase s_database = null!;
    private static IHost s_controlPlane = null!;

    public TestContext TestContext { get; set; } = null!;

    private static IObjectStore Store => s_controlPlane.Services.GetRequiredService<IObjectStore>();

    private static INodeGrain Ledger => s_controlPlane.Services.GetRequiredService<IGrainFactory>()
        .GetGrain<INodeGrain>(Node);

    [ClassInitialize]
    public static async Task StartControlPlaneAsync(TestContext context)
    {
        s_database = await TestDatabase.CreateAsync();
        var cluster = new RegionClusterOptions
        {
            Region = "pods-test",
            ConnectionString = s_database.ConnectionString,
            SiloPort = FreePorts.Next(),
            GatewayPort = FreePorts.Next(),
        };

        var builder = Host.CreateApplicationBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.UseOrleans(silo => silo.UseRegionCluster(cluster));
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddObjectStore(s_database.ConnectionString);
        builder.Services.AddPodGrains();
        s_controlPlane = builder.Build();
        await s_controlPlane.StartAsync(context.CancellationToken);
        await Ledger.SetCapacityAsync(new NodeCapacity { MilliCpu = 4000, Memory = 1L << 34, Pods = 10 });
    }

    [ClassCleanup]
    public static async Task StopControlPlaneAsync()
    {
        await s_controlPlane.StopAsync();
        s_controlPlane.Dispose();
        await s_database.DisposeAsync();
    }

    [TestMethod]
    [DataRow("Succeeded")]
    [DataRow("Failed")]
    public async Task PodFinishes_ReservationReleased(string phase)
    {
        var pod = await CreateReservedPodAsync("finishes-" + phase.ToLowerInvariant());

        var finished = pod.ToJsonObject();
        finished["status"]!["phase"] = phase;
        await Store.UpdateAsync(pod, finished, TestContext.CancellationToken);

        await WaitReleasedAsync(pod, "finished");
    }

    [TestMethod]
    public async Task PodDeleted_ReservationReleased()
    {
        var pod = await CreateReservedPodAsync("deleted");

        await Store.DeleteAsync(pod.Key, null, TestContext.CancellationToken);

        await WaitReleasedAsync(pod, "deleted");
    }

    [TestMethod]
    public async Task ContainerTurnsUnready_ReadyConditionsFollow()
    {
        var pod = await CreateReservedPodAsync("unready");

        var unready = pod.ToJsonObject();
        unready["status"]!["containerStatuses"]![0]!["ready"] = false;
        await Store.UpdateAsync(pod, unready, TestContext.CancellationToken);

        await Eventually.HoldsAsync("pod unready with Ready=False", Patience, async () =>
        {
            var stored = await Store.GetAsync(pod.Key, TestContext.CancellationToken);
            var ready = (stored?.Object["status"]?["conditions"] as JsonArray ?? []).OfType<JsonObject>()
                .FirstOrDefault(c => c["type"]?.GetValue<string>() == "Ready");
            return ready?["status"]?.GetValue<string>() == "False" &&
                ready["message"]?.GetValue<string>() == "containers with unready status: [web]";
        });
        var snapshot = await Ledger.GetSnapshotAsync();
        CollectionAssert.Contains(snapshot.PodUids.ToList(), pod.Uid.ToString(), "a running pod keeps its claim");
    }

    // A pod bound to the node, Running with Ready conditions, and reserved on the node's ledger.
    private async Task<StoredObject> CreateReservedPodAsync(string name)
    {
        var created = await Store.CreateAsync(new ObjectKey("pods", "default", name), new JsonObject
        {
            ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = "default" },
            ["spec"] = new JsonObject
            {
                ["nodeName"] = Node,
                ["containers"] = new JsonArray(new JsonObject { ["name"] = "web", ["image"] = "nginx" }),
            },
            ["status"] = new JsonObject
            {
                ["phase"] = "Running",
                ["conditions"] = new JsonArray(
                    Condition("Initialized"), Condition("Ready"), Condition("ContainersReady"),
                    Condition("PodScheduled")),
                ["containerStatuses"] = new JsonArray(new JsonObject { ["name"] = "web", ["ready"] = true }),
            },
        }, TestContext.CancellationToken);
        var claim = new PodClaim { Namespace = "default", Name = name, Uid = created.Uid.ToString(), MilliCpu = 100 };
        Assert.IsTrue((await Ledger.ReserveAsync(claim)).Accepted, $"reserving {name}");
        return created;
    }

    private static JsonObject Condition(string type) => new()
    {
        ["type"] = type,
        ["status"] = "True",
        ["lastProbeTime"] = null,
        ["lastTransitionTime"] = "2025-01-01T00:00:00Z",
    };

    private static Task WaitReleasedAsync(StoredObject pod, string what) =>
        Eventually.HoldsAsync($"the claim of the {what} pod {pod.Key.Name} released on {Node}", Patience,
            async () => !(await Ledger.GetSnapshotAsync()).PodUids.Contains(pod.Uid.ToString()));
}
