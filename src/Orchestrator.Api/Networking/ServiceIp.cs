using System.Net;
using System.Net.Sockets;

namespace Orchestrator.Api.Networking;

/// <summary>IPv4 addresses as numbers, for range arithmetic.</summary>
public static class ServiceIp
{
    /// <summary>The address as a big-endian number.</summary>
    public static uint ToNumber(IPAddress address)
    {
        var bytes = address.GetAddressBytes();
        return ((uint)bytes[0] << 24) | ((uint)bytes[1] << 16) | ((uint)bytes[2] << 8) | bytes[3];
    }

    /// <summary>The dotted form of a number.</summary>
    public static string ToText(uint number) =>
        $"{number >> 24}.{(number >> 16) & 0xff}.{(number >> 8) & 0xff}.{number & 0xff}";

    /// <summary>The number of a dotted IPv4 address, or null when the text is not one.</summary>
    public static uint? Parse(string text) =>
        IPAddress.TryParse(text, out var address) && address.AddressFamily == AddressFamily.InterNetwork
            ? ToNumber(address)
            : null;
}
