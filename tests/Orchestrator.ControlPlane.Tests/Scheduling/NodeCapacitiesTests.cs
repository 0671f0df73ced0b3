using Orchestrator.ControlPlane.Scheduling;

namespace Orchestrator.ControlPlane.Tests.Scheduling;

[TestClass]
[TestCategory("Unit")]
public sealed class NodeCapacitiesTests
{
    [TestMethod]
    public void Of_Node_AllocatableLabelsTaintsAndCordon()
    {
        var node = Fixtures.Node("n1", """
            {"metadata": {"labels": {"disk": "ssd"}},
             "spec": {"unschedulable": true, "taints": [{"key": "a", "value": "b", "effect": "NoSchedule"}]},
             "status": {"allocatable": {"cpu": "1500m", "memory": "1Gi", "pods": "20"}}}
            """);

        var capacity = NodeCapacities.Of(node);

        Assert.AreEqual(1500, capacity.MilliCpu);
        Assert.AreEqual(1024L * 1024 * 1024, capacity.Memory);
        Assert.AreEqual(20, capacity.Pods);
        Assert.AreEqual("ssd", capacity.Labels["disk"]);
        Assert.IsTrue(capacity.Unschedulable);
        var taints = capacity.Taints.Select(t => $"{t.Key}={t.Value}:{t.Effect}");
        Assert.AreEqual("a=b:NoSchedule", string.Join(",", taints));
    }

    [TestMethod]
    [DataRow("True", "")]
    [DataRow("False", "node.kubernetes.io/not-ready")]
    [DataRow("Unknown", "node.kubernetes.io/unreachable")]
    public void Of_NodeReadiness_NotReadyNodesCarryTheLifecycleTaint(string ready, string taint)
    {
        var node = Fixtures.Node("n1");
        node["status"]!["conditions"]![0]!["status"] = ready;

        var capacity = NodeCapacities.Of(node);

        Assert.AreEqual(taint, string.Join(",", capacity.Taints.Select(t => t.Key)));
    }

    [TestMethod]
    [DataRow("""{"metadata": {"labels": {"zone": "a"}}}""", false)]
    [DataRow("""{"spec": {"unschedulable": true}}""", false)]
    [DataRow("""{"status": {"allocatable": {"cpu": "8"}}}""", false)]
    [DataRow("""{"metadata": {"annotations": {"note": "x"}}}""", true)]
    public void SameAs_ChangedNode_DiffersOnlyWhenSchedulingCares(string change, bool same) =>
        Assert.AreEqual(same, NodeCapacities.SameAs(
            NodeCapacities.Of(Fixtures.Node("n1")), NodeCapacities.Of(Fixtures.Node("n1", change))));
}
