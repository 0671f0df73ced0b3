namespace Orchestrator.ControlPlane.Disruption;

/// <summary>Registers the disruption controller.</summary>
public static class DisruptionServiceCollectionExtensions
{
    /// <summary>
    /// Adds the <see cref="DisruptionController"/> that keeps PodDisruptionBudget statuses. Needs the object store
    /// and a <see cref="TimeProvider"/>.
    /// </summary>
    public static IServiceCollection AddDisruptionController(this IServiceCollection services)
    {
        services.AddHostedService<DisruptionController>();
        return services;
    }
}
