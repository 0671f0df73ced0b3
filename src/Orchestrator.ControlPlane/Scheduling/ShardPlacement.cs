namespace Orchestrator.ControlPlane.Scheduling;

/// <summary>
/// Where a scheduler shard placed a pod: the node whose grain accepted the reservation, or kube's FailedScheduling
/// message when no node could take it.
/// </summary>
/// <param name="PodUid">The pod's metadata.uid.</param>
/// <param name="Node">The node that reserved the pod, or null when none could.</param>
/// <param name="FailureMessage">The FailedScheduling message ("0/3 nodes are available: ..."), or null.</param>
/// <param name="Refusals">How many node grains refused the pod before one accepted (stale views).</param>
public sealed record ShardPlacement(string PodUid, string? Node, string? FailureMessage, int Refusals)
{
    /// <summary>Whether a node reserved the pod.</summary>
    public bool Placed => Node is not null;
}
