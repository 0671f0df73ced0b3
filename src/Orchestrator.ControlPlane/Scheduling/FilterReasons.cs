namespace Orchestrator.ControlPlane.Scheduling;

/// <summary>The reasons kube-scheduler 1.32's default filter plugins give, as they appear in events.</summary>
public static class FilterReasons
{
    /// <summary>NodeResourcesFit: the node cannot hold another pod.</summary>
    public const string TooManyPods = "Too many pods";

    /// <summary>NodeName: spec.nodeName names another node.</summary>
    public const string NodeNameMismatch = "node(s) didn't match the requested node name";

    /// <summary>NodeUnschedulable: the node is cordoned.</summary>
    public const string NodeUnschedulable = "node(s) were unschedulable";

    /// <summary>NodeAffinity: nodeSelector or required node affinity does not match.</summary>
    public const string NodeAffinityMismatch = "node(s) didn't match Pod's node affinity/selector";

    /// <summary>InterPodAffinity: no pod the pod must be near.</summary>
    public const string PodAffinityMismatch = "node(s) didn't match pod affinity rules";

    /// <summary>InterPodAffinity: a pod the pod must avoid is in the node's domain.</summary>
    public const string PodAntiAffinityMismatch = "node(s) didn't match pod anti-affinity rules";

    /// <summary>InterPodAffinity: a placed pod's anti-affinity rejects the pod.</summary>
    public const string ExistingAntiAffinityMismatch = "node(s) didn't satisfy existing pods anti-affinity rules";

    /// <summary>PodTopologySpread: placing the pod here would exceed maxSkew.</summary>
    public const string TopologySpreadMismatch = "node(s) didn't match pod topology spread constraints";

    /// <summary>PodTopologySpread: the node lacks a constraint's topology label.</summary>
    public const string TopologySpreadMissingLabel = TopologySpreadMismatch + " (missing required label)";

    /// <summary>NodeResourcesFit: not enough of a resource ("Insufficient cpu").</summary>
    public static string Insufficient(string resource) => $"Insufficient {resource}";

    /// <summary>TaintToleration: the first taint the pod does not tolerate.</summary>
    public static string UntoleratedTaint(Taint taint) =>
        $"node(s) had untolerated taint {{{taint.Key}: {taint.Value}}}";
}
