using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using Orchestrator.Cluster;
using Orchestrator.Contracts.Nodes;
using Orchestrator.ControlPlane.Scheduling;
using Orchestrator.Testing;

namespace Orchestrator.ControlPlane.Tests.Scheduling;

/// <summary>
/// Node grains enforce capacity while scheduler shards race on stale views: an in-process silo on a fresh region
/// database, node ledgers in grain storage.
/// </summary>
[TestClass]
[TestCategory("Integration")]
public sealed class ParallelSchedulingTests
{
    private const long Gi = 1024L * 1024 * 1024;
    private const long Mi = 1024L * 1024;

    private static TestDatabase s_database = null!;
    private static IHost s_silo = null!;

    public TestContext TestContext { get; set; } = null!;

    [ClassInitialize]
    public static async Task StartSiloAsync(TestContext context)
    {
        s_database = await TestDatabase.CreateAsync();
        var options = new RegionClusterOptions
        {
            Region = "scheduling-test",
            ConnectionString = s_database.ConnectionString,
            SiloPort = FreePorts.Next(),
            GatewayPort = FreePorts.Next(),
        };

        var builder = Host.CreateApplicationBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.UseOrleans(silo => silo.UseRegionCluster(options));
        s_silo = builder.Build();
        await s_silo.StartAsync(context.CancellationToken);
    }

    [ClassCleanup]
    public static async Task StopSiloAsync()
    {
        await s_silo.StopAsync();
        s_silo.Dispose();
        await s_database.DisposeAsync();
    }

    private static IGrainFactory Grains => s_silo.Services.GetRequiredService<IGrainFactory>();

    [TestMethod]
    [Timeout(300_000)]
    public async Task PlaceAsync_FourShardsRacingForFiftyNodes_NoNodeOvercommittedAndEveryPodPlacedOnce()
    {
        var nodes = await StartNodesAsync("race", 50, Capacity(cpu: 8000, memory: 10 * Gi, pods: 40));
        var pods = Enumerable.Range(0, 2000).Select(i => Pod($"race-{i:D4}", "200m", "256Mi")).ToList();
        var shards = Enumerable.Range(0, 4).Select(_ => new SchedulerShard(Grains, nodes)).ToList();
        await Task.WhenAll(shards.Select(s => s.RefreshAsync()));

        var clock = Stopwatch.StartNew();
        var placements = await Task.WhenAll(shards.Select((shard, i) => Task.Run(async () =>
        {
            var placed = new List<ShardPlacement>();
            foreach (var pod in pods.Skip(i * 500).Take(500))
            {
                placed.Add(await shard.PlaceAsync(pod));
            }

            return placed;
        })));
        clock.Stop();

        var all = placements.SelectMany(p => p).ToList();
        TestContext.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"placed {all.Count(p => p.Placed)} pods in {clock.Elapsed.TotalSeconds:F2}s, " +
            $"{all.Sum(p => p.Refusals)} refusals"));
        Assert.IsTrue(all.All(p => p.Placed), string.Join("\n", all.Where(p => !p.Placed).Take(3)));

        var snapshots = await Task.WhenAll(nodes.Select(n => Grains.GetGrain<INodeGrain>(n).GetSnapshotAsync()));
        foreach (var snapshot in snapshots)
        {
            Assert.IsTrue(snapshot.ReservedPods <= 40, $"{snapshot.Name} holds {snapshot.ReservedPods} pods");
            Assert.IsTrue(snapshot.ReservedMilliCpu <= snapshot.Capacity.MilliCpu, $"{snapshot.Name} cpu");
            Assert.IsTrue(snapshot.ReservedMemory <= snapshot.Capacity.Memory, $"{snapshot.Name} memory");
        }

        var reserved = snapshots.SelectMany(s => s.PodUids.Select(uid => (uid, s.Name))).ToList();
        CollectionAssert.AreEquivalent(pods.Select(Uid).ToList(), reserved.Select(r => r.uid).ToList());
        var chosen = all.ToDictionary(p => p.PodUid, p => p.Node);
        Assert.IsTrue(reserved.All(r => chosen[r.uid] == r.Name), "a shard reported another node than holds the pod");
    }

    [TestMethod]
    public async Task PlaceAsync_PodAsksMoreCpuThanAnyNodeHas_FailedSchedulingAndNothingReserved()
    {
        var nodes = await StartNodesAsync("big", 3, Capacity(cpu: 4000, memory: 8 * Gi, pods: 110));
        var shard = new SchedulerShard(Grains, nodes);
        await shard.RefreshAsync();

        var placement = await shard.PlaceAsync(Pod("big-pod", "16", "1Gi"));

        Assert.IsFalse(placement.Placed);
        Assert.AreEqual(
            "0/3 nodes are available: 3 Insufficient cpu. preemption: 0/3 nodes are available: "
            + "3 No preemption victims found for incoming pod.",
            placement.FailureMessage);
        foreach (var node in nodes)
        {
            Assert.AreEqual(0, (await Grains.GetGrain<INodeGrain>(node).GetSnapshotAsync()).ReservedPods);
        }
    }

    [TestMethod]
    public async Task ReserveAsync_SamePodTwice_AcceptedAndCountedOnce()
    {
        var node = await StartNodeAsync("idem-" + Guid.NewGuid(), Capacity(cpu: 1000, memory: Gi, pods: 2));
        var claim = Claim("p1", milliCpu: 600, memory: 100 * Mi);

        var first = await node.ReserveAsync(claim);
        var second = await node.ReserveAsync(claim);

        Assert.IsTrue(first.Accepted && !first.AlreadyReserved);
        Assert.IsTrue(second.Accepted && second.AlreadyReserved);
        Assert.AreEqual(1, second.Snapshot.ReservedPods);
        Assert.AreEqual(600, second.Snapshot.ReservedMilliCpu);
        Assert.AreEqual(100 * Mi, second.Snapshot.ReservedMemory);
    }

    [TestMethod]
    [DataRow(600L, 100L, 2L, "Insufficient cpu")]
    [DataRow(100L, 1000L, 2L, "Insufficient memory")]
    [DataRow(100L, 100L, 1L, "Too many pods")]
    [DataRow(600L, 1000L, 1L, "Too many pods, Insufficient cpu, Insufficient memory")]
    public async Task ReserveAsync_SecondPodDoesNotFit_RefusedWithKubeReasons(
        long milliCpu, long memoryMi, long pods, string message)
    {
        var node = await StartNodeAsync("refuse-" + Guid.NewGuid(), Capacity(cpu: 1000, memory: Gi, pods: pods));
        Assert.IsTrue((await node.ReserveAsync(Claim("first", 500, 500 * Mi))).Accepted);

        var refused = await node.ReserveAsync(Claim("second", milliCpu, memoryMi * Mi));

        Assert.IsFalse(refused.Accepted);
        Assert.AreEqual(message, refused.Message);
        CollectionAssert.AreEqual(new[] { "first" }, refused.Snapshot.PodUids.ToList());
    }

    [TestMethod]
    public async Task ReserveAsync_AfterReleaseAndReactivation_LedgerKeptAndSlotFreed()
    {
        var name = "keep-" + Guid.NewGuid();
        var node = await StartNodeAsync(name, Capacity(cpu: 1000, memory: Gi, pods: 1));
        Assert.IsTrue((await node.ReserveAsync(Claim("a", 100, Mi))).Accepted);

        Assert.IsTrue((await StoredLedgerAsync(name)).Contains("\"a\":", StringComparison.Ordinal));
        await Grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
        Assert.IsFalse((await node.ReserveAsync(Claim("b", 100, Mi))).Accepted, "the reservation was lost");

        await node.ReleaseAsync("a");
        await node.ReleaseAsync("a");
        var after = await node.ReserveAsync(Claim("b", 100, Mi));

        Assert.IsTrue(after.Accepted);
        CollectionAssert.AreEqual(new[] { "b" }, after.Snapshot.PodUids.ToList());
    }

    [TestMethod]
    public async Task PlaceAsync_TwoShardsOnStaleViewsWithHostnameAntiAffinity_OnePodPerNodeThenNoneFits()
    {
        var nodes = await StartNodesAsync("anti", 2, Capacity(cpu: 4000, memory: 8 * Gi, pods: 110));
        var shards = Enumerable.Range(0, 2).Select(_ => new SchedulerShard(Grains, nodes)).ToList();
        await Task.WhenAll(shards.Select(s => s.RefreshAsync()));

        var first = await shards[0].PlaceAsync(AntiWeb("anti-a"));
        var second = await shards[1].PlaceAsync(AntiWeb("anti-b"));
        var third = await shards[0].PlaceAsync(AntiWeb("anti-c"));

        Assert.IsTrue(first.Placed && second.Placed);
        Assert.AreNotEqual(first.Node, second.Node, "the node grain let two anti-affine pods share it");
        Assert.IsFalse(third.Placed);
        StringAssert.StartsWith(third.FailureMessage,
            "0/2 nodes are available: 2 node(s) didn't match pod anti-affinity rules.");
        var held = await Task.WhenAll(nodes.Select(n => Grains.GetGrain<INodeGrain>(n).GetSnapshotAsync()));
        Assert.IsTrue(held.All(h => h.ReservedPods == 1 && h.Claims[0].Labels["app"] == "web"));
    }

    [TestMethod]
    public async Task ReserveAsync_ReservedPodsAntiAffinityMatchesNewPod_RefusedAsKube()
    {
        var name = "existing-" + Guid.NewGuid();
        var node = await StartNodeAsync(name, Capacity(cpu: 4000, memory: 8 * Gi, pods: 110));
        Assert.IsTrue((await node.ReserveAsync(LedgerViews.ClaimOf(AntiWeb("guard")))).Accepted);
        await Grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);

        var plain = Pod("plain-web", "100m", "128Mi");
        plain["metadata"]!["labels"] = new JsonObject { ["app"] = "web" };
        var refused = await node.ReserveAsync(LedgerViews.ClaimOf(plain));
        var other = await node.ReserveAsync(LedgerViews.ClaimOf(Pod("plain-db", "100m", "128Mi")));

        Assert.IsFalse(refused.Accepted);
        Assert.AreEqual("node(s) didn't satisfy existing pods anti-affinity rules", refused.Message);
        Assert.IsTrue(other.Accepted, other.Message);
    }

    [TestMethod]
    [DataRow("a", false)]
    [DataRow("b", true)]
    public async Task PlaceAsync_AntiAffinityByNamespaceSelector_ShardSeesTheNamespaceLabels(string team, bool placed)
    {
        var nodes = await StartNodesAsync("team", 1, Capacity(cpu: 4000, memory: 8 * Gi, pods: 110));
        var other = Pod("team-web", "100m", "128Mi");
        other["metadata"]!["namespace"] = "other";
        other["metadata"]!["labels"] = new JsonObject { ["app"] = "web" };
        Assert.IsTrue((await Grains.GetGrain<INodeGrain>(nodes[0]).ReserveAsync(LedgerViews.ClaimOf(other))).Accepted);
        var labels = new Dictionary<string, IReadOnlyDictionary<string, string>>
        {
            ["other"] = new Dictionary<string, string> { ["team"] = team },
        };
        var shard = new SchedulerShard(Grains, nodes, () => labels);
        await shard.RefreshAsync();

        var pod = Fixtures.Pod("team-guard", """
            {"spec": {"affinity": {"podAntiAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": [
                {"topologyKey": "kubernetes.io/hostname", "labelSelector": {"matchLabels": {"app": "web"}},
                 "namespaceSelector": {"matchLabels": {"team": "a"}}}]}}}}
            """);
        pod["metadata"]!["uid"] = "uid-guard-" + Guid.NewGuid();
        var placement = await shard.PlaceAsync(pod);

        Assert.AreEqual(placed, placement.Placed, placement.FailureMessage);
    }

    private static JsonObject AntiWeb(string name)
    {
        var pod = Fixtures.Pod(name, """
            {"metadata": {"labels": {"app": "web"}},
             "spec": {"affinity": {"podAntiAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": [
                {"topologyKey": "kubernetes.io/hostname", "labelSelector": {"matchLabels": {"app": "web"}}}]}}}}
            """);
        pod["metadata"]!["uid"] = "uid-" + name + "-" + Guid.NewGuid();
        return pod;
    }

    private static async Task<string> StoredLedgerAsync(string nodeName)
    {
        await using var command = s_database.DataSource.CreateCommand(
            "SELECT convert_from(payload, 'UTF8') FROM orleans_grain_state WHERE grain_id_extension = @key");
        command.Parameters.Add(new NpgsqlParameter("key", nodeName));
        return (string?)await command.ExecuteScalarAsync() ?? "";
    }

    private static NodeCapacity Capacity(long cpu, long memory, long pods) =>
        new() { MilliCpu = cpu, Memory = memory, Pods = pods };

    private static PodClaim Claim(string uid, long milliCpu, long memory) =>
        new() { Namespace = "default", Name = uid, Uid = uid, MilliCpu = milliCpu, Memory = memory };

    private static async Task<INodeGrain> StartNodeAsync(string name, NodeCapacity capacity)
    {
        var node = Grains.GetGrain<INodeGrain>(name);
        await node.SetCapacityAsync(capacity with
        {
            Labels = new Dictionary<string, string> { ["kubernetes.io/hostname"] = name },
        });
        return node;
    }

    private static async Task<IReadOnlyList<string>> StartNodesAsync(string prefix, int count, NodeCapacity capacity)
    {
        var run = Guid.NewGuid().ToString("N")[..8];
        var names = Enumerable.Range(0, count).Select(i => $"{prefix}-{run}-{i:D2}").ToList();
        await Task.WhenAll(names.Select(name => StartNodeAsync(name, capacity)));
        return names;
    }

    private static JsonObject Pod(string name, string cpu, string memory)
    {
        var pod = Fixtures.Pod(name, Fixtures.Asking(cpu, memory));
        pod["metadata"]!["uid"] = "uid-" + name;
        return pod;
    }

    private static string Uid(JsonObject pod) => (string)pod["metadata"]!["uid"]!;
}
