using Orchestrator.Contracts.Nodes;

namespace Orchestrator.ControlPlane.Nodes;

/// <summary>The persisted state of a Node grain: what the node offers and the pods reserved on it, by uid.</summary>
public sealed class NodeLedger
{
    /// <summary>What the node offers; null until its capacity is first set.</summary>
    public NodeCapacity? Capacity { get; set; }

    /// <summary>The reservations, by pod uid.</summary>
    public Dictionary<string, PodClaim> Claims { get; set; } = new(StringComparer.Ordinal);
}
