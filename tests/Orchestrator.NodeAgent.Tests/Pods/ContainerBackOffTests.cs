using Orchestrator.NodeAgent.Pods;

namespace Orchestrator.NodeAgent.Tests.Pods;

[TestClass]
[TestCategory("Unit")]
public sealed class ContainerBackOffTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [TestMethod]
    [DataRow(null, 0)]
    [DataRow(0, 10)]
    [DataRow(10, 20)]
    [DataRow(20, 40)]
    [DataRow(160, 300)]
    [DataRow(300, 300)]
    public void NextWait_PreviousWait_DoublesFromTenSecondsUpToFiveMinutes(int? previousSeconds, int expectedSeconds)
    {
        TimeSpan? previous = previousSeconds is { } s ? TimeSpan.FromSeconds(s) : null;

        Assert.AreEqual(TimeSpan.FromSeconds(expectedSeconds), ContainerBackOff.NextWait(previous));
    }

    [TestMethod]
    public void AfterExit_RepeatedQuickExits_WaitsGrowAsKubelets()
    {
        BackOffEntry? entry = null;
        var waits = new List<double>();
        var time = Start;
        for (var exit = 0; exit < 8; exit++)
        {
            entry = ContainerBackOff.AfterExit(entry, $"c{exit}", time, time.AddSeconds(1));
            waits.Add(entry.Wait.TotalSeconds);
            time = entry.NotBefore;
        }

        CollectionAssert.AreEqual(new double[] { 0, 10, 20, 40, 80, 160, 300, 300 }, waits);
    }

    [TestMethod]
    public void AfterExit_SameContainerAgain_KeepsTheEntry()
    {
        var first = ContainerBackOff.AfterExit(null, "a", Start, Start.AddSeconds(1));
        var second = ContainerBackOff.AfterExit(first, "b", Start.AddSeconds(2), Start.AddSeconds(3));

        var again = ContainerBackOff.AfterExit(second, "b", Start.AddSeconds(2), Start.AddSeconds(3));

        Assert.AreSame(second, again);
        Assert.AreEqual(Start.AddSeconds(13), again.NotBefore);
    }

    [TestMethod]
    [DataRow(599, 20)]
    [DataRow(600, 0)]
    [DataRow(3600, 0)]
    public void AfterExit_LongRun_ResetsAfterTenMinutes(int ranSeconds, int expectedWait)
    {
        var previous = new BackOffEntry("a", TimeSpan.FromSeconds(10), Start);

        var entry = ContainerBackOff.AfterExit(previous, "b", Start, Start.AddSeconds(ranSeconds));

        Assert.AreEqual(TimeSpan.FromSeconds(expectedWait), entry.Wait);
        Assert.AreEqual(Start.AddSeconds(ranSeconds + expectedWait), entry.NotBefore);
    }

    [TestMethod]
    [DataRow(null, "img", 10)]
    [DataRow("img", "img", 20)]
    [DataRow("other", "img", 10)]
    public void AfterPullFailure_PreviousFailure_DoublesForTheSameImage(string? previousImage, string image, int wait)
    {
        var previous = previousImage is null ? null : new BackOffEntry(previousImage, TimeSpan.FromSeconds(10), Start);

        var entry = ContainerBackOff.AfterPullFailure(previous, image, Start);

        Assert.AreEqual(TimeSpan.FromSeconds(wait), entry.Wait);
        Assert.AreEqual(Start.AddSeconds(wait), entry.NotBefore);
    }
}
