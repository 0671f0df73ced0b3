using System.Text;
using Orchestrator.NodeAgent.Streaming;

namespace Orchestrator.NodeAgent.Tests.Streaming;

[TestClass]
[TestCategory("Unit")]
public sealed class CriLogEntryTests
{
    [TestMethod]
    [DataRow("2024-05-01T10:00:00.1Z stdout F hello world", "stdout", false, "hello world")]
    [DataRow("2024-05-01T10:00:00.1Z stderr F oops", "stderr", false, "oops")]
    [DataRow("2024-05-01T10:00:00.1Z stdout P part", "stdout", true, "part")]
    [DataRow("2024-05-01T10:00:00.1Z stdout F ", "stdout", false, "")]
    [DataRow("2024-05-01T10:00:00.1Z stdout F", "stdout", false, "")]
    [DataRow("2024-05-01T10:00:00.1Z stdout F:x=y  two spaces", "stdout", false, " two spaces")]
    public void TryParse_CriLine_StreamTagAndContent(string line, string stream, bool partial, string content)
    {
        Assert.IsTrue(CriLogEntry.TryParse(Encoding.UTF8.GetBytes(line), out var entry));

        Assert.AreEqual(stream, entry.Stream);
        Assert.AreEqual(partial, entry.IsPartial);
        Assert.AreEqual(content, Encoding.UTF8.GetString(entry.Content.Span));
        Assert.AreEqual("2024-05-01T10:00:00.100000000Z", entry.Timestamp.ToString());
    }

    [TestMethod]
    [DataRow("")]
    [DataRow("plain text")]
    [DataRow("2024-05-01T10:00:00.1Z stdin F x")]
    [DataRow("2024-05-01T10:00:00.1Z stdout")]
    [DataRow("notatime stdout F x")]
    public void TryParse_NotCri_False(string line) =>
        Assert.IsFalse(CriLogEntry.TryParse(Encoding.UTF8.GetBytes(line), out _));
}
