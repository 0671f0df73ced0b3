namespace Orchestrator.ControlPlane.Nodes;

/// <summary>
/// Settings of the node lifecycle, read from the <c>NodeLifecycle</c> section: how long a node's Lease may go
/// unrenewed before the node is declared lost, and how long its pods stay after that.
/// </summary>
/// <remarks>
/// The timeline of a node that stops: it turns NotReady (Ready Unknown, unreachable taints) at most
/// <see cref="GracePeriodSeconds"/> + <see cref="PassIntervalSeconds"/> after its last renewal, so within the 40 s
/// Lease the node agent writes; its pods' grains delete them <see cref="EvictionTimeoutSeconds"/> after that, and
/// their ReplicaSets' replacements run elsewhere within about a second (NodeLossTests measures 9.5 to 10 s).
/// The grace period is kube-controller-manager's node-monitor-grace-period at its long-standing 40 s. The eviction
/// timeout stands in for kube's taint-based eviction, where each pod is given tolerationSeconds 300 for the
/// not-ready and unreachable taints: here a pod without its own toleration goes after 10 s, a much shorter wait
/// chosen so work moves off a lost node quickly; a pod tolerating the NoExecute taint with no tolerationSeconds
/// stays. tolerationSeconds on a pod's own toleration is not honoured yet: it is treated as not tolerating.
/// </remarks>
public sealed class NodeLifecycleOptions
{
    /// <summary>
    /// Seconds without a Lease renewal before Ready becomes Unknown (node-monitor-grace-period); keep it at least
    /// the Lease's duration and several renewal intervals of the node agent (10 s for a kubelet, 5 s simulated).
    /// </summary>
    public double GracePeriodSeconds { get; set; } = 40;

    /// <summary>Seconds after a node is declared lost (or not ready) before its pods are deleted.</summary>
    public double EvictionTimeoutSeconds { get; set; } = 10;

    /// <summary>Seconds between two passes over the nodes.</summary>
    public double PassIntervalSeconds { get; set; } = 1;

    public TimeSpan GracePeriod => TimeSpan.FromSeconds(GracePeriodSeconds);

    public TimeSpan EvictionTimeout => TimeSpan.FromSeconds(EvictionTimeoutSeconds);

    public TimeSpan PassInterval => TimeSpan.FromSeconds(PassIntervalSeconds);

    /// <summary>Throws when a setting cannot work, naming it, its value and the rule.</summary>
    public void Validate()
    {
        if (GracePeriodSeconds <= 0 || EvictionTimeoutSeconds < 0 || PassIntervalSeconds <= 0)
        {
            throw new InvalidOperationException(
                $"NodeLifecycle:GracePeriodSeconds ({GracePeriodSeconds}) and NodeLifecycle:PassIntervalSeconds " +
                $"({PassIntervalSeconds}) must be positive, NodeLifecycle:EvictionTimeoutSeconds " +
                $"({EvictionTimeoutSeconds}) must not be negative");
        }
    }
}
