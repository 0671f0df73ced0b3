using Orchestrator.Api.Tables;

namespace Orchestrator.Api.Tests.Tables;

[TestClass]
public sealed class HumanDurationTests
{
    [TestMethod]
    [TestCategory("Unit")]
    [DataRow(-5, "<invalid>")]
    [DataRow(-1, "0s")]
    [DataRow(0, "0s")]
    [DataRow(5, "5s")]
    [DataRow(119, "119s")]
    [DataRow(120, "2m")]
    [DataRow(182, "3m2s")]
    [DataRow(600, "10m")]
    [DataRow(179 * 60, "179m")]
    [DataRow(3 * 3600, "3h")]
    [DataRow(5 * 3600 + 3 * 60 + 9, "5h3m")]
    [DataRow(8 * 3600 + 59 * 60, "8h")]
    [DataRow(47 * 3600, "47h")]
    [DataRow(2 * 86400 + 3 * 3600, "2d3h")]
    [DataRow(3 * 86400, "3d")]
    [DataRow(10 * 86400 + 5 * 3600, "10d")]
    [DataRow(3 * 365 * 86400 + 4 * 86400, "3y4d")]
    [DataRow(9 * 365 * 86400 + 4 * 86400, "9y")]
    public void Format_Duration_MatchesKubectl(int seconds, string expected)
    {
        Assert.AreEqual(expected, HumanDuration.Format(TimeSpan.FromSeconds(seconds)));
    }

    [TestMethod]
    [TestCategory("Unit")]
    public void Since_NoTimestamp_Unknown()
    {
        Assert.AreEqual("<unknown>", HumanDuration.Since(null, DateTimeOffset.UnixEpoch));
    }
}
