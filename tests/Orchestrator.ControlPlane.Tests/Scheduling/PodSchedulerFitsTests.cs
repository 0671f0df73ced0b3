using Orchestrator.ControlPlane.Scheduling;
using static Orchestrator.ControlPlane.Tests.Scheduling.Fixtures;

namespace Orchestrator.ControlPlane.Tests.Scheduling;

[TestClass]
public sealed class PodSchedulerFitsTests
{
    [TestMethod]
    [TestCategory("Unit")]
    [DataRow("3", "1Gi", 0, true)]
    [DataRow("4", "1Gi", 0, true)]
    [DataRow("4001m", "1Gi", 0, false)]
    [DataRow("1", "8Gi", 0, true)]
    [DataRow("1", "9Gi", 0, false)]
    [DataRow("2", "1Gi", 2, true)]
    [DataRow("3", "1Gi", 2, false)]
    public void Fits_RequestsAgainstReservations_ReportsWhetherTheNodeHasRoom(
        string cpu, string memory, int placedOneCpuPods, bool expected)
    {
        var pod = Pod("p", Asking(cpu, memory));
        var node = NodeView.From(Node("a"), Enumerable.Range(0, placedOneCpuPods).Select(i =>
            Placed($"x{i}", "a", """{"spec": {"containers": [{"resources": {"requests": {"cpu": "1"}}}]}}""")));

        Assert.AreEqual(expected, PodScheduler.Fits(PodRequests.Of(pod), node));
    }

    [TestMethod]
    [TestCategory("Unit")]
    public void Fits_AfterReservingTheLastSlot_Refuses()
    {
        var node = NodeView.From(Node("a", """{"status": {"allocatable": {"pods": "1"}}}"""), []);
        var requests = PodRequests.Of(Pod("p"));

        Assert.IsTrue(PodScheduler.Fits(requests, node));
        Assert.IsFalse(PodScheduler.Fits(requests, node.With(Placed("p", "a"))));
    }
}
