namespace Orchestrator.ControlPlane.Scheduling;

/// <summary>The filters that look at one node only.</summary>
public sealed partial class SchedulingCycle
{
    /// <summary>
    /// NodeResourcesFit: room for one more pod, and for each requested resource the pod asks for more than 0 of.
    /// Reports every short resource ("Too many pods", "Insufficient cpu", "Insufficient memory", ...).
    /// </summary>
    public FilterStatus NodeResourcesFit(NodeView node) => Fit(Requests, node);

    /// <summary>NodeName: when the pod names a node, only that node.</summary>
    public FilterStatus NodeName(NodeView node)
    {
        var wanted = JsonRead.String(JsonRead.Object(Pod, "spec"), "nodeName");
        return string.IsNullOrEmpty(wanted) || wanted == node.Name
            ? FilterStatus.Pass
            : FilterStatus.UnschedulableAndUnresolvable(FilterReasons.NodeNameMismatch);
    }

    /// <summary>NodeUnschedulable: a cordoned node only takes pods that tolerate the unschedulable taint.</summary>
    public FilterStatus NodeUnschedulable(NodeView node)
    {
        var cordon = new Taint(Taint.UnschedulableKey, "", "NoSchedule");
        return !node.Unschedulable || Tolerations.Any(t => t.Tolerates(cordon))
            ? FilterStatus.Pass
            : FilterStatus.UnschedulableAndUnresolvable(FilterReasons.NodeUnschedulable);
    }

    /// <summary>NodeAffinity: spec.nodeSelector and requiredDuringScheduling node affinity.</summary>
    public FilterStatus NodeAffinity(NodeView node) =>
        Selectors.MatchesRequiredNodeAffinity(Pod, node)
            ? FilterStatus.Pass
            : FilterStatus.UnschedulableAndUnresolvable(FilterReasons.NodeAffinityMismatch);

    /// <summary>
    /// TaintToleration: every NoSchedule and NoExecute taint must be tolerated; names the first that is not.
    /// </summary>
    public FilterStatus TaintToleration(NodeView node)
    {
        var untolerated = node.Taints.FirstOrDefault(taint =>
            taint.Effect is "NoSchedule" or "NoExecute" && !Tolerations.Any(t => t.Tolerates(taint)));
        return untolerated is null
            ? FilterStatus.Pass
            : FilterStatus.UnschedulableAndUnresolvable(FilterReasons.UntoleratedTaint(untolerated));
    }

    /// <summary>The resource check shared by the scheduler and the Node grain's reservation.</summary>
    internal static FilterStatus Fit(PodRequests requests, NodeView node)
    {
        var reasons = new List<string>();
        if (node.Pods.Count + 1 > node.AllocatablePods)
        {
            reasons.Add(FilterReasons.TooManyPods);
        }

        if (requests.MilliCpu > 0 && requests.MilliCpu > node.AllocatableMilliCpu - node.RequestedMilliCpu)
        {
            reasons.Add(FilterReasons.Insufficient("cpu"));
        }

        if (requests.Memory > 0 && requests.Memory > node.AllocatableMemory - node.RequestedMemory)
        {
            reasons.Add(FilterReasons.Insufficient("memory"));
        }

        foreach (var (resource, amount) in requests.Scalars.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            var free = node.AllocatableScalars.GetValueOrDefault(resource)
                - node.RequestedScalars.GetValueOrDefault(resource);
            if (amount > 0 && amount > free)
            {
                reasons.Add(FilterReasons.Insufficient(resource));
            }
        }

        return reasons.Count == 0 ? FilterStatus.Pass : FilterStatus.Unschedulable([.. reasons]);
    }
}
