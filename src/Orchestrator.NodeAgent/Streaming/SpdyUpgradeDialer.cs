using System.Net.Sockets;
using System.Text;

namespace Orchestrator.NodeAgent.Streaming;

/// <summary>
/// Opens an HTTP/1.1 connection to a runtime streaming URL and upgrades it to SPDY/3.1 with one stream protocol, for
/// relays that carry the client's SPDY frames themselves (port-forward tunnelled in a WebSocket).
/// </summary>
public static class SpdyUpgradeDialer
{
    /// <summary>
    /// Connects, sends the upgrade request (POST, Upgrade: SPDY/3.1, X-Stream-Protocol-Version) and returns the
    /// connection once the server has answered 101. Throws <see cref="IOException"/> with the server's answer
    /// otherwise.
    /// </summary>
    public static async Task<Stream> ConnectAsync(Uri url, string protocol, CancellationToken cancellationToken)
    {
        var client = new TcpClient { NoDelay = true };
        try
        {
            await client.ConnectAsync(url.Host, url.Port, cancellationToken);
            var stream = client.GetStream();
            var request = $"POST {url.PathAndQuery} HTTP/1.1\r\nHost: {url.Authority}\r\nConnection: Upgrade\r\n" +
                $"Upgrade: SPDY/3.1\r\nX-Stream-Protocol-Version: {protocol}\r\nContent-Length: 0\r\n\r\n";
            await stream.WriteAsync(Encoding.ASCII.GetBytes(request), cancellationToken);
            var head = await ReadHeadAsync(stream, cancellationToken);
            if (!head.StartsWith("HTTP/1.1 101", StringComparison.Ordinal))
            {
                throw new IOException($"the runtime's streaming server refused the upgrade: {head.Split('\r')[0]}");
            }

            return stream;
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    // Reads byte by byte up to the blank line so that no SPDY frame after the head is consumed here.
    private static async Task<string> ReadHeadAsync(Stream stream, CancellationToken cancellationToken)
    {
        var head = new StringBuilder();
        var one = new byte[1];
        while (!head.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal))
        {
            if (await stream.ReadAsync(one, cancellationToken) == 0 || head.Length > 16 * 1024)
            {
                throw new IOException("the runtime's streaming server closed the connection during the upgrade");
            }

            head.Append((char)one[0]);
        }

        return head.ToString();
    }
}
