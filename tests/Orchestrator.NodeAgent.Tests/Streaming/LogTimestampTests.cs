using Orchestrator.NodeAgent.Streaming;

namespace Orchestrator.NodeAgent.Tests.Streaming;

[TestClass]
[TestCategory("Unit")]
public sealed class LogTimestampTests
{
    [TestMethod]
    [DataRow("2024-05-01T10:00:00Z", "2024-05-01T10:00:00.000000000Z")]
    [DataRow("2024-05-01T10:00:00.12Z", "2024-05-01T10:00:00.120000000Z")]
    [DataRow("2024-05-01T10:00:00.123456789Z", "2024-05-01T10:00:00.123456789Z")]
    [DataRow("2024-05-01T12:00:00.5+02:00", "2024-05-01T10:00:00.500000000Z")]
    [DataRow("2024-05-01T08:30:00-01:30", "2024-05-01T10:00:00.000000000Z")]
    public void TryParse_Rfc3339_FormatsFixedNanosecondsInUtc(string text, string expected)
    {
        Assert.IsTrue(LogTimestamp.TryParse(text, out var timestamp));
        Assert.AreEqual(expected, timestamp.ToString());
    }

    [TestMethod]
    [DataRow("")]
    [DataRow("2024-05-01 10:00:00Z")]
    [DataRow("2024-05-01T10:00:00")]
    [DataRow("2024-05-01T10:00:00.Z")]
    [DataRow("2024-05-01T10:00:00.1234567890Z")]
    [DataRow("2024-05-01T10:00:00Zjunk")]
    [DataRow("yesterday")]
    public void TryParse_Malformed_False(string text) =>
        Assert.IsFalse(LogTimestamp.TryParse(text, out _));

    [TestMethod]
    public void CompareTo_NanosecondsApart_Ordered()
    {
        LogTimestamp.TryParse("2024-05-01T10:00:00.000000001Z", out var earlier);
        LogTimestamp.TryParse("2024-05-01T10:00:00.000000002Z", out var later);

        Assert.IsTrue(earlier < later);
        Assert.IsTrue(later >= earlier);
    }
}
