namespace Orchestrator.Contracts.Workloads;

/// <summary>
/// One ReplicaSet's controller, keyed by <c>namespace/name</c>. Each call reconciles the ReplicaSet against the
/// store: it adopts and releases pods, creates or deletes pods towards <c>spec.replicas</c> and writes the
/// ReplicaSet's status. Calls are serialized by the grain and read everything from the store, so a call after a
/// crash sees the pods an earlier call created and creates no duplicates.
/// </summary>
public interface IReplicaSetGrain : IGrainWithStringKey
{
    /// <summary>Reconciles once; returns when to reconcile again even if nothing changes, or null.</summary>
    Task<TimeSpan?> ReconcileAsync();
}
