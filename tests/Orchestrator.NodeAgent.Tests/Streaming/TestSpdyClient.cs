using System.Buffers.Binary;
using System.Text;
using System.Threading.Channels;

namespace Orchestrator.NodeAgent.Tests.Streaming;

/// <summary>
/// The least of a SPDY/3.1 client that the tests need, over an already upgraded connection: open streams with
/// headers (compressed without SPDY's dictionary, which the server's dictionary-primed inflater reads all the
/// same), send data, and collect each stream's data until the server ends it. The server's header blocks are
/// skipped.
/// </summary>
internal sealed class TestSpdyClient : IAsyncDisposable
{
    private const ushort Version = 3;
    private const byte FlagFin = 1;

    private readonly Stream _connection;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly Dictionary<int, Channel<byte[]>> _streams = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _reading;
    private uint _nextStreamId = 1;
    private readonly MemoryStream _headerOutput = new();
    private readonly System.IO.Compression.ZLibStream _headerCompressor;

    public TestSpdyClient(Stream connection)
    {
        _connection = connection;
        _headerCompressor = new System.IO.Compression.ZLibStream(
            _headerOutput, System.IO.Compression.CompressionLevel.Fastest, leaveOpen: true);
        _reading = Task.Run(ReadFramesAsync);
    }

    /// <summary>Opens a stream with the headers given; with <paramref name="finish"/> its sending side ends.</summary>
    public async Task<int> OpenStreamAsync(IReadOnlyDictionary<string, string> headers, bool finish)
    {
        int id;
        lock (_streams)
        {
            id = (int)_nextStreamId;
            _nextStreamId += 2;
            _streams[id] = Channel.CreateUnbounded<byte[]>();
        }

        var block = new MemoryStream();
        WriteInt(block, headers.Count);
        foreach (var (name, value) in headers)
        {
            WriteString(block, name.ToLowerInvariant());
            WriteString(block, value);
        }

        byte[] compressed;
        lock (_headerOutput)
        {
            block.WriteTo(_headerCompressor);
            _headerCompressor.Flush();
            compressed = _headerOutput.ToArray();
            _headerOutput.SetLength(0);
        }

        var body = new byte[10 + compressed.Length];
        BinaryPrimitives.WriteInt32BigEndian(body, id);
        compressed.CopyTo(body, 10);
        await WriteControlFrameAsync(1, finish ? FlagFin : (byte)0, body);
        return id;
    }

    /// <summary>Sends data on a stream, ending its sending side with <paramref name="finish"/>.</summary>
    public async Task SendAsync(int streamId, byte[] data, bool finish)
    {
        var frame = new byte[8 + data.Length];
        BinaryPrimitives.WriteInt32BigEndian(frame, streamId & 0x7fffffff);
        frame[4] = finish ? FlagFin : (byte)0;
        WriteLength(frame.AsSpan(5), data.Length);
        data.CopyTo(frame, 8);
        await WriteAsync(frame);
    }

    /// <summary>Everything the server sends on the stream until it ends it (or the connection closes).</summary>
    public async Task<byte[]> ReadToEndAsync(int streamId, CancellationToken cancellationToken)
    {
        Channel<byte[]> channel;
        lock (_streams)
        {
            channel = _streams[streamId];
        }

        var all = new MemoryStream();
        await foreach (var chunk in channel.Reader.ReadAllAsync(cancellationToken))
        {
            all.Write(chunk);
        }

        return all.ToArray();
    }

    /// <summary>Reads the stream until <paramref name="text"/> has arrived (ASCII), returning all read.</summary>
    public async Task<string> ReadUntilAsync(int streamId, string text, CancellationToken cancellationToken)
    {
        Channel<byte[]> channel;
        lock (_streams)
        {
            channel = _streams[streamId];
        }

        var all = new StringBuilder();
        await foreach (var chunk in channel.Reader.ReadAllAsync(cancellationToken))
        {
            all.Append(Encoding.ASCII.GetString(chunk));
            if (all.ToString().Contains(text, StringComparison.Ordinal))
            {
                break;
            }
        }

        return all.ToString();
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _connection.DisposeAsync();
        try
        {
            await _reading;
        }
        catch (Exception error) when (error is IOException or ObjectDisposedException or OperationCanceledException)
        {
            // The connection is closed on purpose.
        }

        _stop.Dispose();
        _writeLock.Dispose();
    }

    private async Task ReadFramesAsync()
    {
        var header = new byte[8];
        try
        {
            while (true)
            {
                await _connection.ReadExactlyAsync(header, _stop.Token);
                var flags = header[4];
                var length = (header[5] << 16) | (header[6] << 8) | header[7];
                var body = new byte[length];
                await _connection.ReadExactlyAsync(body, _stop.Token);
                if ((header[0] & 0x80) == 0)
                {
                    var streamId = BinaryPrimitives.ReadInt32BigEndian(header) & 0x7fffffff;
                    Deliver(streamId, body, (flags & FlagFin) != 0);
                    continue;
                }

                var type = BinaryPrimitives.ReadUInt16BigEndian(header.AsSpan(2));
                switch (type)
                {
                    case 2: // SYN_REPLY: the reply's own headers are not needed.
                        if ((flags & FlagFin) != 0)
                        {
                            Deliver(BinaryPrimitives.ReadInt32BigEndian(body) & 0x7fffffff, [], true);
                        }

                        break;
                    case 3: // RST_STREAM
                        Deliver(BinaryPrimitives.ReadInt32BigEndian(body) & 0x7fffffff, [], true);
                        break;
                    case 6: // PING: answered with the same id.
                        await WriteControlFrameAsync(6, 0, body);
                        break;
                }
            }
        }
        catch (Exception error) when (
            error is EndOfStreamException or IOException or ObjectDisposedException or OperationCanceledException)
        {
            lock (_streams)
            {
                foreach (var channel in _streams.Values)
                {
                    channel.Writer.TryComplete();
                }
            }
        }
    }

    private void Deliver(int streamId, byte[] data, bool finished)
    {
        Channel<byte[]>? channel;
        lock (_streams)
        {
            _streams.TryGetValue(streamId, out channel);
        }

        if (channel is null)
        {
            return;
        }

        if (data.Length > 0)
        {
            channel.Writer.TryWrite(data);
        }

        if (finished)
        {
            channel.Writer.TryComplete();
        }
    }

    private async Task WriteControlFrameAsync(ushort type, byte flags, byte[] body)
    {
        var frame = new byte[8 + body.Length];
        BinaryPrimitives.WriteUInt16BigEndian(frame, (ushort)(0x8000 | Version));
        BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(2), type);
        frame[4] = flags;
        WriteLength(frame.AsSpan(5), body.Length);
        body.CopyTo(frame, 8);
        await WriteAsync(frame);
    }

    private async Task WriteAsync(byte[] frame)
    {
        await _writeLock.WaitAsync();
        try
        {
            await _connection.WriteAsync(frame);
            await _connection.FlushAsync();
        }
        finally
        {
            _writeLock.Release();
        }
    }

    private static void WriteLength(Span<byte> target, int length)
    {
        target[0] = (byte)(length >> 16);
        target[1] = (byte)(length >> 8);
        target[2] = (byte)length;
    }

    private static void WriteInt(Stream stream, int value)
    {
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(bytes, value);
        stream.Write(bytes);
    }

    private static void WriteString(Stream stream, string value)
    {
        var bytes = Encoding.UTF8.GetBytes(value);
        WriteInt(stream, bytes.Length);
        stream.Write(bytes);
    }
}
