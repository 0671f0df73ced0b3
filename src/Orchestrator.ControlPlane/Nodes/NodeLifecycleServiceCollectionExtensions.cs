namespace Orchestrator.ControlPlane.Nodes;

/// <summary>Registers the node lifecycle controller.</summary>
public static class NodeLifecycleServiceCollectionExtensions
{
    /// <summary>
    /// Binds <see cref="NodeLifecycleOptions"/> from the <c>NodeLifecycle</c> section (GracePeriodSeconds,
    /// EvictionTimeoutSeconds, PassIntervalSeconds) and adds the <see cref="NodeLifecycleController"/>.
    /// Throws when a setting is invalid. Needs the object store, the Kubernetes API services and Orleans.
    /// </summary>
    public static IServiceCollection AddNodeLifecycle(this IServiceCollection services, IConfiguration configuration)
    {
        var options = new NodeLifecycleOptions();
        configuration.GetSection("NodeLifecycle").Bind(options);
        options.Validate();

        services.AddSingleton(options);
        services.AddHostedService<NodeLifecycleController>();
        return services;
    }
}
