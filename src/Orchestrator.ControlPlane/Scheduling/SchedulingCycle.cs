using System.Text.Json.Nodes;

namespace Orchestrator.ControlPlane.Scheduling;

/// <summary>
/// One scheduling attempt of one pod against a <see cref="ClusterSnapshot"/>: the filters and scores of
/// kube-scheduler's default plugins, as pure functions of the pod, the node and the snapshot. Counts that span
/// the cluster (pod affinity, topology spread) are computed once when the cycle is built. Not thread-safe for
/// mutation, but holds no mutable state after construction.
/// </summary>
public sealed partial class SchedulingCycle
{
    /// <summary>Prepares the cycle for a pod in Kubernetes JSON.</summary>
    public SchedulingCycle(JsonObject pod, ClusterSnapshot cluster)
    {
        Pod = pod;
        Cluster = cluster;
        Requests = PodRequests.Of(pod);
        Tolerations = Toleration.Of(pod);
        Namespace = JsonRead.Namespace(pod);
        Labels = JsonRead.Labels(pod);
        _requiredAffinity = PodAffinityTerm.Required(pod, "podAffinity");
        _requiredAntiAffinity = PodAffinityTerm.Required(pod, "podAntiAffinity");
        _hardSpread = SpreadConstraint.Of(pod, "DoNotSchedule");
        _softSpread = SpreadConstraint.Of(pod, "ScheduleAnyway");
        PrepareInterPodAffinity();
        PrepareHardSpread();
    }

    /// <summary>The pod being scheduled.</summary>
    public JsonObject Pod { get; }

    /// <summary>The cluster it is scheduled into.</summary>
    public ClusterSnapshot Cluster { get; }

    /// <summary>The pod's effective requests.</summary>
    public PodRequests Requests { get; }

    /// <summary>The pod's tolerations.</summary>
    public IReadOnlyList<Toleration> Tolerations { get; }

    private string Namespace { get; }

    private IReadOnlyDictionary<string, string> Labels { get; }

    /// <summary>
    /// Runs the filters in kube-scheduler's order (NodeUnschedulable, NodeName, TaintToleration, NodeAffinity,
    /// NodeResourcesFit, PodTopologySpread, InterPodAffinity) and returns the first failure, or pass.
    /// </summary>
    public FilterStatus Filter(NodeView node)
    {
        foreach (var filter in (Func<NodeView, FilterStatus>[])
            [NodeUnschedulable, NodeName, TaintToleration, NodeAffinity, NodeResourcesFit, PodTopologySpread,
                InterPodAffinity])
        {
            var status = filter(node);
            if (!status.Passed)
            {
                return status;
            }
        }

        return FilterStatus.Pass;
    }

    private static (string Key, string Value)? Pair(NodeView node, string key) =>
        node.Labels.TryGetValue(key, out var value) ? (key, value) : null;

    private IEnumerable<(NodeView Node, JsonObject Pod)> PlacedPods() =>
        Cluster.Nodes.SelectMany(n =>
            Cluster.PodsByNode.TryGetValue(n.Name, out var pods) ? pods.Select(p => (n, p)) : []);
}
