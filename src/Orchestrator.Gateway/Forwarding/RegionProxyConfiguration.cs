using System.Net;
using Orchestrator.Gateway.Hosting;
using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Forwarder;

namespace Orchestrator.Gateway.Forwarding;

/// <summary>
/// The YARP routes and cluster of a region: every path goes to the cluster <c>region</c>, whose destinations are
/// the region's control planes, probed on <c>/readyz</c> and dropped for a while after transport failures.
/// </summary>
public static class RegionProxyConfiguration
{
    /// <summary>The id of the cluster holding the region's control planes.</summary>
    public const string ClusterId = "region";

    /// <summary>
    /// How long a forwarded exchange may go without a byte either way. Watches, <c>logs -f</c>, exec and
    /// port-forward sessions stay silent for long stretches; YARP's default of 100 s would cut them.
    /// </summary>
    public static readonly TimeSpan ActivityTimeout = TimeSpan.FromHours(24);

    /// <summary>The single catch-all route.</summary>
    public static IReadOnlyList<RouteConfig> Routes() =>
    [
        new RouteConfig
        {
            RouteId = "kubernetes-api",
            ClusterId = ClusterId,
            Match = new RouteMatch { Path = "{**path}" },
        },
    ];

    /// <summary>The cluster of <paramref name="options"/>' control planes.</summary>
    public static IReadOnlyList<ClusterConfig> Clusters(GatewayOptions options) =>
    [
        new ClusterConfig
        {
            ClusterId = ClusterId,
            Destinations = options.ControlPlanes
                .Select((address, index) => (Id: $"control-plane-{index + 1}", address))
                .ToDictionary(
                    destination => destination.Id,
                    destination => new DestinationConfig { Address = destination.address.ToString() }),
            HealthCheck = new HealthCheckConfig
            {
                Active = new ActiveHealthCheckConfig
                {
                    Enabled = true,
                    Interval = TimeSpan.FromSeconds(5),
                    Timeout = TimeSpan.FromSeconds(3),
                    Policy = "ConsecutiveFailures",
                    Path = "/readyz",
                },
                Passive = new PassiveHealthCheckConfig
                {
                    Enabled = true,
                    Policy = "TransportFailureRate",
                    ReactivationPeriod = TimeSpan.FromSeconds(10),
                },
            },
            HttpRequest = new ForwarderRequestConfig
            {
                // Upgrades (WebSocket, SPDY/3.1) exist only in HTTP/1.1, so the backend hop always speaks it,
                // whatever the client spoke to the gateway.
                Version = HttpVersion.Version11,
                VersionPolicy = HttpVersionPolicy.RequestVersionOrLower,
                ActivityTimeout = ActivityTimeout,
                AllowResponseBuffering = false,
            },
        },
    ];
}
