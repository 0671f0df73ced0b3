using System.Text.Json.Nodes;
using Orchestrator.ControlPlane.Scheduling;

namespace Orchestrator.ControlPlane.Tests.Scheduling;

[TestClass]
[TestCategory("Unit")]
public sealed class ShardLeaseRecordsTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 4, 10, 0, 0, TimeSpan.Zero);

    [TestMethod]
    [DataRow(0, false)]
    [DataRow(14, false)]
    [DataRow(15, true)]
    [DataRow(60, true)]
    public void IsFree_SecondsAfterRenewal_FreeOnceTheDurationPassed(int seconds, bool free)
    {
        var lease = ShardLeaseRecords.New(3, "silo-a", TimeSpan.FromSeconds(15), Start);

        Assert.AreEqual(free, ShardLeaseRecords.IsFree(lease, Start.AddSeconds(seconds)));
    }

    [TestMethod]
    [DataRow("""{"spec": {}}""")]
    [DataRow("""{"spec": {"holderIdentity": "", "renewTime": "2026-12-04T10:00:00.000000Z"}}""")]
    [DataRow("""{"spec": {"holderIdentity": "silo-a", "renewTime": "garbled"}}""")]
    public void IsFree_NoHolderOrNoReadableRenewTime_Free(string json) =>
        Assert.IsTrue(ShardLeaseRecords.IsFree(JsonNode.Parse(json)!.AsObject(), Start));

    [TestMethod]
    public void HeldBy_RenewAndTakeOverAndRelease_AsKubeLeaderElectionWritesThem()
    {
        var lease = ShardLeaseRecords.New(3, "silo-a", TimeSpan.FromSeconds(15), Start);

        var renewed = ShardLeaseRecords.HeldBy(lease, "silo-a", TimeSpan.FromSeconds(15), Start.AddSeconds(2));
        var taken = ShardLeaseRecords.HeldBy(renewed, "silo-b", TimeSpan.FromSeconds(15), Start.AddSeconds(20));
        var released = ShardLeaseRecords.Released(taken);

        Assert.AreEqual("default-scheduler-shard-3", (string?)lease["metadata"]!["name"]);
        Assert.AreEqual("kube-system", (string?)lease["metadata"]!["namespace"]);
        Assert.AreEqual("2026-12-04T10:00:02.000000Z", (string?)renewed["spec"]!["renewTime"]);
        Assert.AreEqual("2026-12-04T10:00:00.000000Z", (string?)renewed["spec"]!["acquireTime"]);
        Assert.AreEqual(0, (int?)renewed["spec"]!["leaseTransitions"]);
        Assert.AreEqual("silo-b", ShardLeaseRecords.HolderOf(taken));
        Assert.AreEqual("2026-12-04T10:00:20.000000Z", (string?)taken["spec"]!["acquireTime"]);
        Assert.AreEqual(1, (int?)taken["spec"]!["leaseTransitions"]);
        Assert.IsNull(ShardLeaseRecords.HolderOf(released));
        Assert.IsTrue(ShardLeaseRecords.IsFree(released, Start.AddSeconds(21)));
        Assert.AreEqual("silo-a", ShardLeaseRecords.HolderOf(lease), "the records are copies");
    }
}
