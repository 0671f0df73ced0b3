using System.Net.WebSockets;

namespace Orchestrator.NodeAgent.Streaming;

/// <summary>
/// Carries a remotecommand session between a client's WebSocket (v5.channel.k8s.io or v4.channel.k8s.io) and the
/// runtime's streaming server, which speaks v4.channel.k8s.io: frames are [channel byte][payload] in both, so they
/// pass unchanged, except v5's close frames (channel 255), which v4 cannot express.
/// </summary>
public static class WebSocketChannelRelay
{
    /// <summary>The subprotocols a client may choose, best first.</summary>
    public static readonly IReadOnlyList<string> ClientProtocols = ["v5.channel.k8s.io", "v4.channel.k8s.io"];

    /// <summary>The subprotocol spoken to the runtime's streaming server.</summary>
    public const string RuntimeProtocol = "v4.channel.k8s.io";

    private const byte CloseChannel = 255;

    /// <summary>
    /// Relays until either side closes, then closes the other; the runtime's closing (after the error channel's
    /// Status) ends the client's session normally.
    /// </summary>
    public static async Task RelayAsync(WebSocket client, WebSocket runtime, CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var fromClient = CopyAsync(client, runtime, dropCloseFrames: true, stop.Token);
        var fromRuntime = CopyAsync(runtime, client, dropCloseFrames: false, stop.Token);
        var first = await Task.WhenAny(fromClient, fromRuntime);
        if (first == fromClient)
        {
            // TODO: a v5 client that closes stdin keeps the session open until the command ends on its own, since
            // containerd 1.6's v4 WebSocket cannot half-close; the SPDY path carries the half-close.
            await CloseAsync(runtime);
            await Task.WhenAny(fromRuntime, Task.Delay(TimeSpan.FromSeconds(2), cancellationToken));
        }

        // Waiting for the client's answer to the close keeps the last frames from being lost to a reset connection.
        await CloseAsync(client);
        await Task.WhenAny(fromClient, Task.Delay(TimeSpan.FromSeconds(2), cancellationToken));
        await stop.CancelAsync();
        await Task.WhenAll(Observe(fromClient), Observe(fromRuntime));
    }

    private static async Task CopyAsync(
        WebSocket source, WebSocket target, bool dropCloseFrames, CancellationToken cancellationToken)
    {
        var buffer = new byte[64 * 1024];
        using var message = new MemoryStream();
        while (source.State == WebSocketState.Open)
        {
            var result = await source.ReceiveAsync(buffer, cancellationToken);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return;
            }

            message.Write(buffer, 0, result.Count);
            if (!result.EndOfMessage)
            {
                continue;
            }

            var payload = message.GetBuffer().AsMemory(0, (int)message.Length);
            message.SetLength(0);
            if (dropCloseFrames && payload.Length > 0 && payload.Span[0] == CloseChannel)
            {
                continue;
            }

            await target.SendAsync(payload, result.MessageType, endOfMessage: true, cancellationToken);
        }
    }

    private static async Task CloseAsync(WebSocket socket)
    {
        if (socket.State is not (WebSocketState.Open or WebSocketState.CloseReceived))
        {
            return;
        }

        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, timeout.Token);
        }
        catch (Exception error) when (error is WebSocketException or OperationCanceledException)
        {
            // The peer is gone already: nothing is left to close.
        }
    }

    private static async Task Observe(Task copy)
    {
        try
        {
            await copy;
        }
        catch (Exception error) when (error is WebSocketException or OperationCanceledException or IOException)
        {
            // A side that went away ends the session; the other side has been closed above.
        }
    }
}
