using System.Net.WebSockets;

namespace Orchestrator.NodeAgent.Streaming;

/// <summary>
/// Carries a byte stream inside a WebSocket: the payload of each binary message from the client is written to the
/// stream, and what the stream yields goes back as binary messages. It is how kubectl 1.30+ tunnels port-forward's
/// SPDY connection (subprotocol SPDY/3.1+portforward.k8s.io).
/// </summary>
public static class WebSocketTunnelRelay
{
    /// <summary>The subprotocol of kubectl's tunnelled port-forward.</summary>
    public const string PortForwardProtocol = "SPDY/3.1+portforward.k8s.io";

    /// <summary>Relays until either side ends, then ends the other.</summary>
    public static async Task RelayAsync(WebSocket client, Stream upstream, CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var fromClient = FromClientAsync(client, upstream, stop.Token);
        var toClient = ToClientAsync(upstream, client, stop.Token);
        await Task.WhenAny(fromClient, toClient);
        await stop.CancelAsync();
        await upstream.DisposeAsync();
        if (client.State == WebSocketState.Open)
        {
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                await client.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, timeout.Token);
            }
            catch (Exception error) when (error is WebSocketException or OperationCanceledException)
            {
                // The client is gone already.
            }
        }

        foreach (var copy in new[] { fromClient, toClient })
        {
            try
            {
                await copy;
            }
            catch (Exception error) when (
                error is WebSocketException or OperationCanceledException or IOException or ObjectDisposedException)
            {
                // One side leaving ends the tunnel.
            }
        }
    }

    private static async Task FromClientAsync(WebSocket client, Stream upstream, CancellationToken cancellationToken)
    {
        var buffer = new byte[64 * 1024];
        while (true)
        {
            var result = await client.ReceiveAsync(buffer, cancellationToken);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return;
            }

            await upstream.WriteAsync(buffer.AsMemory(0, result.Count), cancellationToken);
            await upstream.FlushAsync(cancellationToken);
        }
    }

    private static async Task ToClientAsync(Stream upstream, WebSocket client, CancellationToken cancellationToken)
    {
        var buffer = new byte[64 * 1024];
        int read;
        while ((read = await upstream.ReadAsync(buffer, cancellationToken)) > 0)
        {
            await client.SendAsync(buffer.AsMemory(0, read), WebSocketMessageType.Binary, true, cancellationToken);
        }
    }
}
