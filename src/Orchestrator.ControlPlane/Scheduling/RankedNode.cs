namespace Orchestrator.ControlPlane.Scheduling;

/// <summary>A feasible node and its weighted score (higher is better).</summary>
/// <param name="Name">The node name.</param>
/// <param name="Score">The weighted sum of the default plugins' 0-100 scores.</param>
public sealed record RankedNode(string Name, long Score);
