using Orchestrator.Store;

namespace Orchestrator.NodeAgent.Simulation;

/// <summary>Registers the simulated node runtime when the <c>Simulation</c> settings ask for nodes.</summary>
public static class SimulatedNodeServiceCollectionExtensions
{
    /// <summary>
    /// Binds <see cref="SimulatedNodeOptions"/> from the <c>Simulation</c> section (the region label defaults to
    /// <c>Orchestrator:Region</c>) and, when <c>Simulation:NodeCount</c> is above 0, adds the object store of
    /// <c>ConnectionStrings:Region</c> and the <see cref="SimulatedNodeRuntime"/>. Throws when a setting is invalid.
    /// </summary>
    public static IServiceCollection AddSimulatedNodes(this IServiceCollection services, IConfiguration configuration)
    {
        var options = new SimulatedNodeOptions { Region = configuration["Orchestrator:Region"] ?? "local" };
        configuration.GetSection("Simulation").Bind(options);
        options.Validate();

        services.AddSingleton(options);
        if (options.NodeCount == 0)
        {
            return services;
        }

        var connectionString = configuration.GetConnectionString("Region");
        if (string.IsNullOrEmpty(connectionString))
        {
            throw new InvalidOperationException(
                "ConnectionStrings:Region is empty; the simulated nodes need the region's database");
        }

        services.AddObjectStore(connectionString);
        services.AddHostedService<SimulatedNodeRuntime>();
        return services;
    }
}
