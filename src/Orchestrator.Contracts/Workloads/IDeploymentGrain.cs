namespace Orchestrator.Contracts.Workloads;

/// <summary>
/// One Deployment's controller, keyed by <c>namespace/name</c>. Each call reconciles the Deployment against the
/// store: it creates, scales and prunes the ReplicaSets it controls and writes the Deployment's status. Calls are
/// serialized by the grain and read everything from the store, so repeating one is harmless.
/// </summary>
public interface IDeploymentGrain : IGrainWithStringKey
{
    /// <summary>Reconciles once; returns when to reconcile again even if nothing changes, or null.</summary>
    Task<TimeSpan?> ReconcileAsync();
}
