namespace Orchestrator.NodeAgent.Streaming;

/// <summary>
/// One line of a CRI-format container log file: <c>&lt;RFC3339Nano time&gt; &lt;stdout|stderr&gt; &lt;F|P&gt;
/// &lt;content&gt;</c>. A partial (P) entry is a piece of a longer line that the next entries continue.
/// </summary>
/// <param name="Timestamp">When the runtime read the content.</param>
/// <param name="Stream">"stdout" or "stderr".</param>
/// <param name="IsPartial">Whether the line goes on in the next entry (tag P) rather than ending here (tag F).</param>
/// <param name="Content">The content, without the runtime's line ending.</param>
public readonly record struct CriLogEntry(
    LogTimestamp Timestamp, string Stream, bool IsPartial, ReadOnlyMemory<byte> Content)
{
    /// <summary>
    /// Parses one file line (without its '\n'); false when it is not in the CRI format. The content is a slice of
    /// <paramref name="line"/>.
    /// </summary>
    public static bool TryParse(ReadOnlyMemory<byte> line, out CriLogEntry entry)
    {
        entry = default;
        var span = line.Span;
        var first = span.IndexOf((byte)' ');
        if (first <= 0 || !LogTimestamp.TryParse(System.Text.Encoding.ASCII.GetString(span[..first]), out var time))
        {
            return false;
        }

        var rest = span[(first + 1)..];
        var second = rest.IndexOf((byte)' ');
        if (second <= 0)
        {
            return false;
        }

        string stream;
        if (rest[..second].SequenceEqual("stdout"u8))
        {
            stream = "stdout";
        }
        else if (rest[..second].SequenceEqual("stderr"u8))
        {
            stream = "stderr";
        }
        else
        {
            return false;
        }

        rest = rest[(second + 1)..];
        var tagEnd = rest.IndexOf((byte)' ');
        var tag = tagEnd < 0 ? rest : rest[..tagEnd];
        if (tag.Length == 0)
        {
            return false;
        }

        // The tag may carry more attributes after ':'; the first one says full or partial.
        var partial = tag[0] == (byte)'P';
        var contentStart = first + 1 + second + 1 + (tagEnd < 0 ? rest.Length : tagEnd + 1);
        var content = line[Math.Min(contentStart, line.Length)..];
        entry = new CriLogEntry(time, stream, partial, content);
        return true;
    }
}
