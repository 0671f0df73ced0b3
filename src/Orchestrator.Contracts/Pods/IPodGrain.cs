namespace Orchestrator.Contracts.Pods;

/// <summary>
/// One pod's own upkeep, keyed by <c>namespace/name</c>. Each call reconciles the pod against the store: it gives
/// back the pod's reservation on its node's ledger once the pod has finished or is gone, deletes the pod once its
/// node has been lost past the eviction timeout, and keeps the pod's Initialized, ContainersReady and Ready
/// conditions consistent with the container statuses its node wrote.
/// Stateless (the store holds everything) and idempotent: calling it again changes nothing more.
/// </summary>
public interface IPodGrain : IGrainWithStringKey
{
    /// <summary>
    /// Reconciles once; returns when to reconcile again even if nothing changes, or null.
    /// <paramref name="lastSeenUid"/> and <paramref name="lastSeenNode"/> describe the pod as the caller last saw
    /// it bound (null when unknown): when no pod of that uid is stored any more, its reservation on that node is
    /// released.
    /// </summary>
    Task<TimeSpan?> ReconcileAsync(string? lastSeenUid, string? lastSeenNode);
}
