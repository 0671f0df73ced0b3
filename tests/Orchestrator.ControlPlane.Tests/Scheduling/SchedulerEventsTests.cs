using Orchestrator.ControlPlane.Scheduling;

namespace Orchestrator.ControlPlane.Tests.Scheduling;

[TestClass]
[TestCategory("Unit")]
public sealed class SchedulerEventsTests
{
    [TestMethod]
    public void New_ScheduledPod_CoreEventAboutThePod()
    {
        var pod = Fixtures.Pod("web", """{"metadata": {"uid": "u-1", "namespace": "shop"}}""");

        var recorded = SchedulerEvents.New(pod, "Normal", SchedulerEvents.Scheduled,
            SchedulerEvents.ScheduledMessage("shop", "web", "n1"), "2025-01-01T00:00:00Z");

        Assert.AreEqual("Successfully assigned shop/web to n1", recorded["message"]!.GetValue<string>());
        Assert.AreEqual("shop", recorded["metadata"]!["namespace"]!.GetValue<string>());
        StringAssert.StartsWith(recorded["metadata"]!["name"]!.GetValue<string>(), "web.");
        Assert.AreEqual("u-1", recorded["involvedObject"]!["uid"]!.GetValue<string>());
        Assert.AreEqual("default-scheduler", recorded["source"]!["component"]!.GetValue<string>());
        Assert.AreEqual("default-scheduler", recorded["reportingComponent"]!.GetValue<string>());
        Assert.AreEqual(1, recorded["count"]!.GetValue<int>());
    }

    [TestMethod]
    [DataRow("u-1", "FailedScheduling", "m", true)]
    [DataRow("u-2", "FailedScheduling", "m", false)]
    [DataRow("u-1", "Scheduled", "m", false)]
    [DataRow("u-1", "FailedScheduling", "other", false)]
    public void NameFor_SameUidReasonAndMessage_SameName(string uid, string reason, string message, bool same) =>
        Assert.AreEqual(same, SchedulerEvents.NameFor("p", "u-1", "FailedScheduling", "m")
            == SchedulerEvents.NameFor("p", uid, reason, message));

    [TestMethod]
    public void Repeat_RecordedEvent_CountsAndMovesLastTimestamp()
    {
        var recorded = SchedulerEvents.New(Fixtures.Pod("p"), "Warning", "FailedScheduling", "m", "T1");

        SchedulerEvents.Repeat(recorded, "T2");

        Assert.AreEqual(2, recorded["count"]!.GetValue<long>());
        Assert.AreEqual("T1", recorded["firstTimestamp"]!.GetValue<string>());
        Assert.AreEqual("T2", recorded["lastTimestamp"]!.GetValue<string>());
    }
}
