namespace Orchestrator.ControlPlane.Pods;

/// <summary>Registers the pods' own upkeep.</summary>
public static class PodServiceCollectionExtensions
{
    /// <summary>
    /// Adds the <see cref="PodDispatcher"/> that wakes the pod grains from the store's change feed. Needs the
    /// object store and an Orleans silo (the grain class is found by Orleans in this assembly).
    /// </summary>
    public static IServiceCollection AddPodGrains(this IServiceCollection services)
    {
        services.AddHostedService<PodDispatcher>();
        return services;
    }
}
