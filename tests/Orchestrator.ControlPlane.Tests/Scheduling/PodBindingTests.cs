using System.Text.Json.Nodes;
using Orchestrator.ControlPlane.Scheduling;

namespace Orchestrator.ControlPlane.Tests.Scheduling;

[TestClass]
[TestCategory("Unit")]
public sealed class PodBindingTests
{
    private const string T1 = "2025-01-01T00:00:00Z";
    private const string T2 = "2025-01-01T00:01:00Z";

    [TestMethod]
    [DataRow("{}", true)]
    [DataRow("""{"spec": {"schedulerName": "default-scheduler"}}""", true)]
    [DataRow("""{"spec": {"schedulerName": "other-scheduler"}}""", false)]
    [DataRow("""{"spec": {"nodeName": "n1"}}""", false)]
    [DataRow("""{"metadata": {"deletionTimestamp": "2025-01-01T00:00:00Z"}}""", false)]
    [DataRow("""{"status": {"phase": "Failed"}}""", false)]
    public void NeedsScheduling_Pod_AsDefaultSchedulerDecides(string extra, bool expected) =>
        Assert.AreEqual(expected, PodBinding.NeedsScheduling(Fixtures.Pod("p", extra)));

    [TestMethod]
    public void Bind_UnschedulablePod_SetsNodeAndReplacesCondition()
    {
        var pod = Fixtures.Pod("p");
        PodBinding.MarkUnschedulable(pod, "0/1 nodes are available: 1 Insufficient cpu.", T1);

        Assert.IsTrue(PodBinding.Bind(pod, "n1", T2));

        Assert.AreEqual("n1", PodBinding.NodeOf(pod));
        var condition = Assert.ContainsSingle(pod["status"]!["conditions"]!.AsArray());
        Assert.AreEqual(
            """{"type":"PodScheduled","status":"True","lastProbeTime":null,"lastTransitionTime":"@"}"""
                .Replace("@", T2),
            condition!.ToJsonString());
    }

    [TestMethod]
    [DataRow("""{"spec": {"nodeName": "n2"}}""")]
    [DataRow("""{"metadata": {"deletionTimestamp": "2025-01-01T00:00:00Z"}}""")]
    public void Bind_BoundOrDeletingPod_ChangesNothing(string extra)
    {
        var pod = Fixtures.Pod("p", extra);
        var before = pod.ToJsonString();

        Assert.IsFalse(PodBinding.Bind(pod, "n1", T1));
        Assert.AreEqual(before, pod.ToJsonString());
    }

    [TestMethod]
    public void MarkUnschedulable_SameMessageAgain_NoChange_NewMessageKeepsTransitionTime()
    {
        var pod = Fixtures.Pod("p");

        Assert.IsTrue(PodBinding.MarkUnschedulable(pod, "first", T1));
        Assert.IsFalse(PodBinding.MarkUnschedulable(pod, "first", T2));
        Assert.IsTrue(PodBinding.MarkUnschedulable(pod, "second", T2));

        var condition = (JsonObject)pod["status"]!["conditions"]![0]!;
        Assert.AreEqual("False", condition["status"]!.GetValue<string>());
        Assert.AreEqual("Unschedulable", condition["reason"]!.GetValue<string>());
        Assert.AreEqual("second", condition["message"]!.GetValue<string>());
        Assert.AreEqual(T1, condition["lastTransitionTime"]!.GetValue<string>());
    }
}
