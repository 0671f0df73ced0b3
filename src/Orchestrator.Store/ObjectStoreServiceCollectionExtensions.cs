using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using Orchestrator.Store.Postgres;

namespace Orchestrator.Store;

/// <summary>Registers the object store of a region's database and the compaction of its change log.</summary>
public static class ObjectStoreServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="IObjectStore"/> on the database named by <paramref name="connectionString"/> (migrated before
    /// the host starts) and a <see cref="StoreCompactor"/> that keeps its history bounded.
    /// </summary>
    public static IServiceCollection AddObjectStore(
        this IServiceCollection services, string connectionString, Action<StoreOptions>? configure = null)
    {
        var options = new StoreOptions();
        configure?.Invoke(options);

        services.AddSingleton(options);
        services.AddSingleton(sp => new PostgresObjectStore(
            NpgsqlDataSource.Create(connectionString),
            options,
            sp.GetService<TimeProvider>() ?? TimeProvider.System,
            sp.GetRequiredService<ILogger<PostgresObjectStore>>()));
        services.AddSingleton<IObjectStore>(sp => sp.GetRequiredService<PostgresObjectStore>());
        services.AddHostedService<StoreCompactor>();
        return services;
    }
}
