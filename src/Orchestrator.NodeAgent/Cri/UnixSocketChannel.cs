using System.Net.Sockets;
using Grpc.Net.Client;

namespace Orchestrator.NodeAgent.Cri;

/// <summary>gRPC channels to a server listening on a unix domain socket, such as containerd's CRI endpoint.</summary>
public static class UnixSocketChannel
{
    /// <summary>
    /// Creates a channel whose every HTTP/2 connection opens <paramref name="socketPath"/>. Nothing is connected until
    /// the first call; a missing socket surfaces then as an <see cref="Grpc.Core.RpcException"/> (Unavailable).
    /// </summary>
    public static GrpcChannel Create(string socketPath)
    {
        ArgumentException.ThrowIfNullOrEmpty(socketPath);
        var endpoint = new UnixDomainSocketEndPoint(socketPath);
        var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (_, cancellationToken) =>
            {
                var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                try
                {
                    await socket.ConnectAsync(endpoint, cancellationToken);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch (Exception)
                {
                    socket.Dispose();
                    throw;
                }
            },
            EnableMultipleHttp2Connections = true,
        };

        // The authority is not used for routing over a unix socket, but HTTP/2 requires one.
        return GrpcChannel.ForAddress("http://localhost", new GrpcChannelOptions { HttpHandler = handler });
    }
}
