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
}
