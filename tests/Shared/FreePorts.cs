using System.Net;
using System.Net.Sockets;

namespace Orchestrator.Testing;

/// <summary>TCP ports on the loopback interface that nothing listens on right now.</summary>
public static class FreePorts
{
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
