using System.Text.Json.Nodes;

namespace Orchestrator.ControlPlane.Scheduling;

/// <summary>
/// The outcome of scheduling one pod: the feasible nodes best first, or the FailedScheduling message worded as
/// kube-scheduler 1.32 words it, with the reasons per node. When preemption of lower-priority pods would make room,
/// <see cref="NominatedNode"/> and <see cref="Victims"/> say where and whom.
/// </summary>
/// <param name="Ranked">Feasible nodes, best first; empty when none fits.</param>
/// <param name="FailureMessage">The FailedScheduling event message, or null when a node fits.</param>
/// <param name="NodeReasons">The filter reasons of each infeasible node.</param>
/// <param name="NominatedNode">The node preemption would free, or null.</param>
/// <param name="Victims">The pods preemption would evict from <see cref="NominatedNode"/>.</param>
public sealed record SchedulingDecision(
    IReadOnlyList<RankedNode> Ranked, string? FailureMessage,
    IReadOnlyDictionary<string, IReadOnlyList<string>> NodeReasons, string? NominatedNode,
    IReadOnlyList<JsonObject> Victims)
{
    /// <summary>Whether a node was found.</summary>
    public bool Scheduled => Ranked.Count > 0;

    /// <summary>The best node, or null.</summary>
    public string? Node => Ranked.Count > 0 ? Ranked[0].Name : null;
}
