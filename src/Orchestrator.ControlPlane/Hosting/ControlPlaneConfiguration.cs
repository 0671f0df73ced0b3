using System.Net;
using Orchestrator.Cluster;

namespace Orchestrator.ControlPlane.Hosting;

/// <summary>Reads the control plane's settings from configuration (appsettings, environment, command line).</summary>
public static class ControlPlaneConfiguration
{
    /// <summary>
    /// The cluster settings: <c>Orchestrator:Region</c>, <c>ConnectionStrings:Region</c>, and
    /// <c>Orleans:SiloPort</c>, <c>Orleans:GatewayPort</c>, <c>Orleans:AdvertisedAddress</c>.
    /// </summary>
    public static RegionClusterOptions ReadCluster(IConfiguration configuration)
    {
        var options = new RegionClusterOptions
        {
            Region = configuration["Orchestrator:Region"] ?? "local",
            ConnectionString = configuration.GetConnectionString("Region") ?? "",
            SiloPort = configuration.GetValue("Orleans:SiloPort", 11111),
            GatewayPort = configuration.GetValue("Orleans:GatewayPort", 30000),
        };

        var advertised = configuration["Orleans:AdvertisedAddress"];
        if (!string.IsNullOrEmpty(advertised))
        {
            options.AdvertisedAddress = IPAddress.TryParse(advertised, out var address)
                ? address
                : throw new InvalidOperationException(
                    $"Orleans:AdvertisedAddress is '{advertised}'; it must be an IP address");
        }

        return options;
    }
}
