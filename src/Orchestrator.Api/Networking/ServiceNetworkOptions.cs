using System.Net;
using System.Net.Sockets;

namespace Orchestrator.Api.Networking;

/// <summary>
/// The region's service network: the range cluster IPs come from (as kube-apiserver's
/// <c>--service-cluster-ip-range</c>) and the range of node ports (<c>--service-node-port-range</c>).
/// Bound from the configuration section <c>ServiceNetwork</c>.
/// </summary>
public sealed class ServiceNetworkOptions
{
    /// <summary>The configuration section the options are read from.</summary>
    public const string Section = "ServiceNetwork";

    /// <summary>An IPv4 CIDR; its first address is kept for the API's own service, as Kubernetes keeps it.</summary>
    public string ClusterIpRange { get; set; } = "10.96.0.0/16";

    /// <summary>The lowest node port.</summary>
    public int NodePortMin { get; set; } = 30000;

    /// <summary>The highest node port.</summary>
    public int NodePortMax { get; set; } = 32767;

    /// <summary>The range as network address and prefix length.</summary>
    /// <exception cref="InvalidOperationException">The range is not an IPv4 CIDR of 2 to 30 bits.</exception>
    public (uint Network, int PrefixLength) ParseRange()
    {
        var slash = ClusterIpRange.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0 || !IPAddress.TryParse(ClusterIpRange[..slash], out var address) ||
            address.AddressFamily != AddressFamily.InterNetwork ||
            !int.TryParse(ClusterIpRange[(slash + 1)..], out var prefix) || prefix is < 2 or > 30)
        {
            throw new InvalidOperationException(
                $"ServiceNetwork:ClusterIpRange '{ClusterIpRange}' is not an IPv4 CIDR between /2 and /30");
        }

        var mask = uint.MaxValue << (32 - prefix);
        return (ServiceIp.ToNumber(address) & mask, prefix);
    }
}
