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
    /// <summary>
    /// Where the silo keeps its files, shared with the region's gateway (the identity key):
    /// <c>Orchestrator:DataDirectory</c>, by default <c>.orchestrator</c> under the working directory.
    /// </summary>
    public static string ReadDataDirectory(IConfiguration configuration) =>
        Path.GetFullPath(configuration["Orchestrator:DataDirectory"] is { Length: > 0 } directory
            ? directory
            : ".orchestrator");

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
