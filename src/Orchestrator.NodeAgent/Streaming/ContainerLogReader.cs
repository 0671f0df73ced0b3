using System.Buffers;

namespace Orchestrator.NodeAgent.Streaming;

/// <summary>
/// Copies a CRI-format container log file to a client as kubelet does: from the last tailLines lines (or the start),
/// through <see cref="ContainerLogFormatter"/>, and when following, on as the file grows and across it being rotated
/// (renamed and recreated) or truncated, until the container has stopped and the file is drained, the byte limit is
/// reached or the client leaves.
/// </summary>
public static class ContainerLogReader
{
    private const int ChunkSize = 64 * 1024;

    /// <summary>
    /// Writes the log at <paramref name="path"/> to <paramref name="output"/>, flushing after each chunk read.
    /// <paramref name="isRunningAsync"/> is asked, when following and at the end of the file, whether the container
    /// still runs; <paramref name="pollInterval"/> is how long to wait for new lines. A missing file is an empty log.
    /// </summary>
    public static async Task CopyAsync(
        string path,
        ContainerLogOptions options,
        Stream output,
        Func<CancellationToken, ValueTask<bool>> isRunningAsync,
        TimeSpan pollInterval,
        CancellationToken cancellationToken)
    {
        var formatter = new ContainerLogFormatter(options);
        var file = TryOpen(path);
        if (file is null && !options.Follow)
        {
            return;
        }

        try
        {
            var position = file is null || options.TailLines is not { } tail ? 0 : FindTailStart(file, tail);
            var pending = new ArrayBufferWriter<byte>();
            var formatted = new ArrayBufferWriter<byte>();
            var buffer = new byte[ChunkSize];
            var stoppedAtEnd = false;
            while (!formatter.IsFull)
            {
                var read = file is null ? 0 : await RandomAccess.ReadAsync(
                    file, buffer, position, cancellationToken);
                if (read > 0)
                {
                    position += read;
                    stoppedAtEnd = false;
                    WriteLines(buffer.AsMemory(0, read), pending, formatter, formatted);
                    await output.WriteAsync(formatted.WrittenMemory, cancellationToken);
                    await output.FlushAsync(cancellationToken);
                    formatted.ResetWrittenCount();
                    continue;
                }

                if (!options.Follow || stoppedAtEnd)
                {
                    return;
                }

                // The path may now name a new file (rotation) or the same one cut short (truncation).
                var reopened = Reopen(path, file, position);
                if (reopened.Handle != file)
                {
                    file?.Dispose();
                    file = reopened.Handle;
                    pending.ResetWrittenCount();
                }

                position = reopened.Position;
                if (file != null && RandomAccess.GetLength(file) > position)
                {
                    continue;
                }

                // One more read after the container has stopped drains what it wrote last.
                if (!await isRunningAsync(cancellationToken))
                {
                    stoppedAtEnd = true;
                    continue;
                }

                await Task.Delay(pollInterval, cancellationToken);
            }
        }
        finally
        {
            file?.Dispose();
        }
    }

    /// <summary>
    /// The offset of the first of the last <paramref name="lines"/> lines of the file (its length for zero), reading it
    /// once and remembering only the offsets of the most recent line starts.
    /// </summary>
    public static long FindTailStart(Microsoft.Win32.SafeHandles.SafeFileHandle file, long lines)
    {
        var length = RandomAccess.GetLength(file);
        if (lines == 0)
        {
            return length;
        }

        var starts = new Queue<long>();
        var buffer = new byte[ChunkSize];
        long position = 0;
        var lineStart = 0L;
        while (position < length)
        {
            var read = RandomAccess.Read(file, buffer, position);
            if (read == 0)
            {
                break;
            }

            for (var index = 0; index < read; index++)
            {
                if (buffer[index] != (byte)'\n')
                {
                    continue;
                }

                starts.Enqueue(lineStart);
                if (starts.Count > lines)
                {
                    starts.Dequeue();
                }

                lineStart = position + index + 1;
            }

            position += read;
        }

        return starts.Count > 0 ? starts.Peek() : lineStart;
    }

    // Splits a chunk into file lines; the piece after the last '\n' waits in pending for the next chunk.
    private static void WriteLines(
        ReadOnlyMemory<byte> chunk,
        ArrayBufferWriter<byte> pending,
        ContainerLogFormatter formatter,
        ArrayBufferWriter<byte> output)
    {
        while (!chunk.IsEmpty)
        {
            var end = chunk.Span.IndexOf((byte)'\n');
            if (end < 0)
            {
                pending.Write(chunk.Span);
                return;
            }

            ReadOnlyMemory<byte> line;
            if (pending.WrittenCount > 0)
            {
                pending.Write(chunk.Span[..end]);
                line = pending.WrittenMemory.ToArray();
                pending.ResetWrittenCount();
            }
            else
            {
                line = chunk[..end];
            }

            // Lines that are not in the CRI format (a torn write, a foreign file) are skipped.
            if (CriLogEntry.TryParse(line, out var entry))
            {
                formatter.Write(entry, output);
            }

            chunk = chunk[(end + 1)..];
        }
    }

    private static Microsoft.Win32.SafeHandles.SafeFileHandle? TryOpen(string path)
    {
        try
        {
            return File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        }
        catch (Exception error) when (error is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    // At the end of the open file: when the open file has not grown since the path's length was taken, a different
    // length means the path names another file now (rotation), read from its start. A file cut below the position
    // read (truncation) is read again from its start.
    private static (Microsoft.Win32.SafeHandles.SafeFileHandle? Handle, long Position) Reopen(
        string path, Microsoft.Win32.SafeHandles.SafeFileHandle? file, long position)
    {
        var info = new FileInfo(path);
        if (!info.Exists)
        {
            return (file, position);
        }

        if (file is null)
        {
            return (TryOpen(path), 0);
        }

        var pathLength = info.Length;
        var openLength = RandomAccess.GetLength(file);
        if (openLength > position)
        {
            return (file, position);
        }

        if (pathLength != openLength)
        {
            var next = TryOpen(path);
            return next is null ? (file, position) : (next, 0);
        }

        return (file, openLength < position ? 0 : position);
    }
}
