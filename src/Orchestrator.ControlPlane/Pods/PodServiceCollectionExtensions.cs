using Microsoft.Extensions.DependencyInjection.Extensions;
using Orchestrator.Api.Lifecycle;
using Orchestrator.ControlPlane.Nodes;

namespace Orchestrator.ControlPlane.Pods;

/// <summary>Registers the pods' own upkeep.</summary>
public static class PodServiceCollectionExtensions
{
    /// <summary>
    /// Adds the <see cref="PodDispatcher"/> that wakes the pod grains from the store's change feed, and what the
    /// grains need: <see cref="ObjectLifecycle"/> and <see cref="NodeLifecycleOptions"/> (the defaults unless
    /// <c>AddNodeLifecycle</c> registered them first). Needs the object store and an Orleans silo.
    /// </summary>
    public static IServiceCollection AddPodGrains(this IServiceCollection services)
    {
        services.TryAddSingleton<ObjectLifecycle>();
        services.TryAddSingleton(new NodeLifecycleOptions());
        services.AddHostedService<PodDispatcher>();
        return services;
    }
}
