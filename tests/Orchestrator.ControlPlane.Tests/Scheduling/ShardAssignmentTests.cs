using Orchestrator.ControlPlane.Scheduling;

namespace Orchestrator.ControlPlane.Tests.Scheduling;

[TestClass]
[TestCategory("Unit")]
public sealed class ShardAssignmentTests
{
    [TestMethod]
    public void ShardOf_ManyPods_StableAndSpreadOverEveryShard()
    {
        var shards = Enumerable.Range(0, 1000).Select(i => ShardAssignment.ShardOf("ns", $"pod-{i}", 4)).ToList();

        CollectionAssert.AreEqual(shards,
            Enumerable.Range(0, 1000).Select(i => ShardAssignment.ShardOf("ns", $"pod-{i}", 4)).ToList());
        foreach (var group in shards.GroupBy(s => s))
        {
            Assert.IsTrue(group.Count() > 150, $"shard {group.Key} takes {group.Count()} of 1000 pods");
        }

        Assert.AreEqual(4, shards.Distinct().Count());
    }

    [TestMethod]
    public void ShardOf_KnownPod_SameShardInEveryProcess() =>
        Assert.AreEqual(ShardAssignment.ShardOf("default", "web", 7), ShardAssignment.ShardOf("default", "web", 7));

    [TestMethod]
    [DataRow("spread", "", true)]
    [DataRow("podAntiAffinity", "requiredDuringSchedulingIgnoredDuringExecution", true)]
    [DataRow("podAffinity", "requiredDuringSchedulingIgnoredDuringExecution", true)]
    [DataRow("podAntiAffinity", "preferredDuringSchedulingIgnoredDuringExecution", false)]
    [DataRow("none", "", false)]
    public void ShardOf_PodsOfOneNamespace_ConstrainedOnesShareAShard(string kind, string field, bool constrained)
    {
        var extra = kind switch
        {
            "spread" => """{"spec": {"topologySpreadConstraints": [{"maxSkew": 1, "topologyKey": "z"}]}}""",
            "none" => "{}",
            _ => """{"spec": {"affinity": {"@k@": {"@f@": [{"topologyKey": "h"}]}}}}"""
                .Replace("@k@", kind).Replace("@f@", field),
        };

        var shards = Enumerable.Range(0, 40)
            .Select(i => ShardAssignment.ShardOf(Fixtures.Pod($"pod-{i}", extra), 8))
            .Distinct()
            .ToList();

        Assert.AreEqual(constrained, ShardAssignment.DependsOnPods(Fixtures.Pod("p", extra)));
        Assert.AreEqual(constrained, shards.Count == 1, $"{shards.Count} shards");
        Assert.AreEqual(ShardAssignment.ShardOf("default", "pod-3", 8),
            ShardAssignment.ShardOf(Fixtures.Pod("pod-3", "{}"), 8));
    }
}
