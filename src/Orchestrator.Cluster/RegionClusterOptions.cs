using System.Net;

namespace Orchestrator.Cluster;

/// <summary>Where a region's Orleans cluster keeps its state and how this process is reached in it.</summary>
public sealed class RegionClusterOptions
{
    /// <summary>The configuration section these options are read from.</summary>
    public const string SectionName = "Orleans";

    /// <summary>The region's name: the Orleans cluster id and service id.</summary>
    public string Region { get; set; } = "local";

    /// <summary>The Npgsql connection string of the region's database.</summary>
    public string ConnectionString { get; set; } = "";

    /// <summary>The address other silos and clients use to reach this silo.</summary>
    public IPAddress AdvertisedAddress { get; set; } = IPAddress.Loopback;

    /// <summary>The port silos talk to each other on.</summary>
    public int SiloPort { get; set; } = 11111;

    /// <summary>The port clients connect to.</summary>
    public int GatewayPort { get; set; } = 30000;

    /// <summary>Throws when a setting cannot work, naming it and its value.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(Region))
        {
            throw new InvalidOperationException("Orleans:Region must name the region; it is empty");
        }

        if (string.IsNullOrWhiteSpace(ConnectionString))
        {
            throw new InvalidOperationException(
                "The region's database is not configured: set ConnectionStrings:Region to an Npgsql connection string");
        }

        foreach (var (name, port) in new[] { ("SiloPort", SiloPort), ("GatewayPort", GatewayPort) })
        {
            if (port is <= 0 or > 65535)
            {
                throw new InvalidOperationException($"Orleans:{name} is {port}; it must be a TCP port (1-65535)");
            }
        }
    }
}
