namespace Orchestrator.Contracts.Nodes;

/// <summary>
/// A node's capacity ledger, keyed by the node's name: the allocatable resources the node offers and the pods
/// reserved against them. Reservations are serialized by the grain, so schedulers working in parallel on stale
/// views can never overcommit the node. The ledger is kept in grain storage and outlives activations.
/// </summary>
public interface INodeGrain : IGrainWithStringKey
{
    /// <summary>
    /// Reserves the pod's requests when one more pod slot, its cpu and its memory fit what is left of the
    /// node's allocatable capacity; otherwise refuses with kube's reasons ("Insufficient cpu", "Too many pods").
    /// Idempotent by pod uid: reserving a pod already reserved is accepted again and counts once.
    /// </summary>
    Task<NodeReservation> ReserveAsync(PodClaim claim);

    /// <summary>Frees the pod's reservation; nothing happens when the pod holds none.</summary>
    Task ReleaseAsync(string podUid);

    /// <summary>
    /// Replaces what the node offers. Existing reservations are kept even when they no longer fit; only new
    /// reservations are checked against the new capacity.
    /// </summary>
    Task SetCapacityAsync(NodeCapacity capacity);

    /// <summary>The node's capacity and reservations as they stand.</summary>
    Task<NodeSnapshot> GetSnapshotAsync();
}
