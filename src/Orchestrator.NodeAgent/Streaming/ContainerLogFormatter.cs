using System.Buffers;
using System.Text;

namespace Orchestrator.NodeAgent.Streaming;

/// <summary>
/// Turns CRI log entries into what kubelet answers: the content of each entry kept, a line ending after a full
/// entry, the time prefixed when asked, entries before the since instant skipped, and the output cut at the byte
/// limit. Holds the count of bytes written so far; not thread-safe.
/// </summary>
public sealed class ContainerLogFormatter
{
    private readonly ContainerLogOptions _options;
    private long _written;

    /// <summary>Creates a formatter applying <paramref name="options"/>.</summary>
    public ContainerLogFormatter(ContainerLogOptions options) => _options = options;

    /// <summary>Whether the byte limit has been reached: nothing more will be written.</summary>
    public bool IsFull => _options.LimitBytes is { } limit && _written >= limit;

    /// <summary>
    /// Writes <paramref name="entry"/> to <paramref name="output"/> as the options ask, or nothing when it is filtered
    /// out or the limit has been reached. Returns the number of bytes written.
    /// </summary>
    public int Write(CriLogEntry entry, IBufferWriter<byte> output)
    {
        if (IsFull || (_options.Since is { } since && entry.Timestamp < since))
        {
            return 0;
        }

        var prefix = _options.Timestamps ? Encoding.ASCII.GetBytes(entry.Timestamp + " ") : [];
        var total = prefix.Length + entry.Content.Length + (entry.IsPartial ? 0 : 1);
        var room = _options.LimitBytes is { } limit ? (int)Math.Min(total, limit - _written) : total;
        var written = 0;
        written += Copy(prefix, output, room - written);
        written += Copy(entry.Content.Span, output, room - written);
        if (!entry.IsPartial)
        {
            written += Copy("\n"u8, output, room - written);
        }

        _written += written;
        return written;
    }

    private static int Copy(ReadOnlySpan<byte> source, IBufferWriter<byte> output, int room)
    {
        var count = Math.Min(source.Length, Math.Max(room, 0));
        output.Write(source[..count]);
        return count;
    }
}
