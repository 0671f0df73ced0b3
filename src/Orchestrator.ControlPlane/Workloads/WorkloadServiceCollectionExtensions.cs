namespace Orchestrator.ControlPlane.Workloads;

/// <summary>Registers the Deployment and ReplicaSet controllers.</summary>
public static class WorkloadServiceCollectionExtensions
{
    /// <summary>
    /// Adds what the workload grains need and the dispatcher that drives them from the store's change feed.
    /// Needs the object store, the Kubernetes API services and an Orleans silo.
    /// </summary>
    public static IServiceCollection AddWorkloadControllers(this IServiceCollection services)
    {
        services.AddSingleton<WorkloadStore>();
        services.AddSingleton<EventRecorder>();
        services.AddHostedService<WorkloadDispatcher>();
        return services;
    }
}
