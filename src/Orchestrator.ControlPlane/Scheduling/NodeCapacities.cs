using System.Text.Json.Nodes;
using Orchestrator.Contracts.Nodes;

namespace Orchestrator.ControlPlane.Scheduling;

/// <summary>
/// What a Node object offers the scheduler, as a Node grain keeps it: allocatable resources (else capacity),
/// labels, cordon flag and taints, with the not-ready or unreachable taint a node that is not Ready carries as the
/// scheduler sees it. Pure.
/// </summary>
public static class NodeCapacities
{
    /// <summary>The capacity a Node object in Kubernetes JSON offers.</summary>
    public static NodeCapacity Of(JsonObject node)
    {
        var view = NodeView.From(node, []);
        return new NodeCapacity
        {
            MilliCpu = view.AllocatableMilliCpu,
            Memory = view.AllocatableMemory,
            Pods = view.AllocatablePods,
            Labels = view.Labels,
            Taints = view.Taints.Select(t => new NodeTaint(t.Key, t.Value, t.Effect)).ToList(),
            Unschedulable = view.Unschedulable,
        };
    }

    /// <summary>Whether two capacities offer the same (records compare their collections by reference).</summary>
    public static bool SameAs(NodeCapacity left, NodeCapacity right) =>
        left.MilliCpu == right.MilliCpu && left.Memory == right.Memory && left.Pods == right.Pods
        && left.Unschedulable == right.Unschedulable
        && left.Taints.SequenceEqual(right.Taints)
        && left.Labels.Count == right.Labels.Count
        && left.Labels.All(kv => right.Labels.TryGetValue(kv.Key, out var value) && value == kv.Value);
}
