using System.Buffers;
using System.Text;
using Orchestrator.NodeAgent.Streaming;

namespace Orchestrator.NodeAgent.Tests.Streaming;

[TestClass]
[TestCategory("Unit")]
public sealed class ContainerLogFormatterTests
{
    private static readonly string[] Lines =
    [
        "2024-05-01T10:00:01Z stdout F one",
        "2024-05-01T10:00:02Z stderr F two",
        "2024-05-01T10:00:03.5Z stdout P thr",
        "2024-05-01T10:00:03.6Z stdout F ee",
        "2024-05-01T10:00:04Z stdout F four",
    ];

    [TestMethod]
    [DataRow(false, null, null, "one\ntwo\nthree\nfour\n")]
    [DataRow(true, null, null,
        "2024-05-01T10:00:01.000000000Z one\n2024-05-01T10:00:02.000000000Z two\n" +
        "2024-05-01T10:00:03.500000000Z thr2024-05-01T10:00:03.600000000Z ee\n2024-05-01T10:00:04.000000000Z four\n")]
    [DataRow(false, "2024-05-01T10:00:02Z", null, "two\nthree\nfour\n")]
    [DataRow(false, "2024-05-01T10:00:03.55Z", null, "ee\nfour\n")]
    [DataRow(false, null, 6L, "one\ntw")]
    [DataRow(false, null, 1000L, "one\ntwo\nthree\nfour\n")]
    [DataRow(true, "2024-05-01T10:00:04Z", 10L, "2024-05-01")]
    public void Write_Options_KubeletOutput(bool timestamps, string? since, long? limitBytes, string expected)
    {
        LogTimestamp? sinceTime = since is null ? null : Parse(since);
        var formatter = new ContainerLogFormatter(new ContainerLogOptions
        {
            Timestamps = timestamps,
            Since = sinceTime,
            LimitBytes = limitBytes,
        });
        var output = new ArrayBufferWriter<byte>();

        foreach (var line in Lines)
        {
            Assert.IsTrue(CriLogEntry.TryParse(Encoding.UTF8.GetBytes(line), out var entry));
            formatter.Write(entry, output);
        }

        Assert.AreEqual(expected, Encoding.UTF8.GetString(output.WrittenSpan));
        Assert.AreEqual(limitBytes is { } limit && limit <= expected.Length, formatter.IsFull);
    }

    private static LogTimestamp Parse(string text) =>
        LogTimestamp.TryParse(text, out var timestamp) ? timestamp : throw new FormatException(text);
}
