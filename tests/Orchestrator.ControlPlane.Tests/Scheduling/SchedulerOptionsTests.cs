using Orchestrator.ControlPlane.Scheduling;

namespace Orchestrator.ControlPlane.Tests.Scheduling;

[TestClass]
[TestCategory("Unit")]
public sealed class SchedulerOptionsTests
{
    [TestMethod]
    [DataRow(1, 1)]
    [DataRow(2, 2)]
    [DataRow(3, 4)]
    [DataRow(5, 16)]
    [DataRow(6, 30)]
    [DataRow(50, 30)]
    public void BackoffAfter_Failures_DoublesUpToTheMaximum(int failures, int seconds) =>
        Assert.AreEqual(TimeSpan.FromSeconds(seconds), new SchedulerOptions().BackoffAfter(failures));

    [TestMethod]
    [DataRow(0, 1, 30)]
    [DataRow(2, 0, 30)]
    [DataRow(2, 10, 5)]
    public void Validate_OutOfRange_Throws(int shards, int initial, int max) =>
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new SchedulerOptions
        {
            Shards = shards,
            InitialBackoff = TimeSpan.FromSeconds(initial),
            MaxBackoff = TimeSpan.FromSeconds(max),
        }.Validate());
}
