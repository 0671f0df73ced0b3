using Microsoft.Extensions.DependencyInjection;
using Orleans.Configuration;
using Orleans.Hosting;
using Orleans.Serialization;
using Orleans.Storage;

namespace Orchestrator.Cluster;

/// <summary>Joins silos and clients to their region's Orleans cluster, kept in the region's PostgreSQL.</summary>
public static class RegionClusterExtensions
{
    /// <summary>The ADO.NET invariant of PostgreSQL.</summary>
    public const string Invariant = "Npgsql";

    /// <summary>The grain storage used by grains that name none.</summary>
    public const string DefaultStorage = "Default";

    /// <summary>
    /// Makes the silo a member of the region's cluster: membership, grain state (System.Text.Json) and reminders in
    /// the region's database, memory streams for change notifications. The schema must be migrated first.
    /// </summary>
    public static ISiloBuilder UseRegionCluster(this ISiloBuilder silo, RegionClusterOptions options)
    {
        options.Validate();

        silo.Configure<ClusterOptions>(cluster =>
        {
            cluster.ClusterId = options.Region;
            cluster.ServiceId = options.Region;
        });
        silo.ConfigureEndpoints(
            options.AdvertisedAddress, options.SiloPort, options.GatewayPort, listenOnAnyHostAddress: true);

        silo.UseAdoNetClustering(clustering =>
        {
            clustering.Invariant = Invariant;
            clustering.ConnectionString = options.ConnectionString;
        });
        silo.UseAdoNetReminderService(reminders =>
        {
            reminders.Invariant = Invariant;
            reminders.ConnectionString = options.ConnectionString;
        });

        foreach (var name in new[] { DefaultStorage, "PubSubStore" })
        {
            silo.AddAdoNetGrainStorage(name, storage =>
            {
                storage.Invariant = Invariant;
                storage.ConnectionString = options.ConnectionString;
                storage.GrainStorageSerializer = new SystemTextJsonGrainStorageSerializer();
            });
        }

        silo.AddMemoryStreams("changes");
        silo.Services.ReportDatabaseErrorsToCallers();
        return silo;
    }

    /// <summary>Connects a client to the region's cluster through the gateways in its membership table.</summary>
    public static IClientBuilder UseRegionCluster(this IClientBuilder client, RegionClusterOptions options)
    {
        client.Configure<ClusterOptions>(cluster =>
        {
            cluster.ClusterId = options.Region;
            cluster.ServiceId = options.Region;
        });
        client.UseAdoNetClustering(clustering =>
        {
            clustering.Invariant = Invariant;
            clustering.ConnectionString = options.ConnectionString;
        });
        client.Services.ReportDatabaseErrorsToCallers();
        return client;
    }

    // Without this, a database error thrown in a grain reaches its caller as a codec failure instead of itself.
    private static void ReportDatabaseErrorsToCallers(this IServiceCollection services) =>
        services.Configure<ExceptionSerializationOptions>(o => o.SupportedNamespacePrefixes.Add("Npgsql"));
}
