namespace Orchestrator.ControlPlane.Scheduling;

/// <summary>
/// The verdict of one filter plugin on one node: pass, or the reasons worded as kube-scheduler words them.
/// <see cref="Unresolvable"/> marks kube's UnschedulableAndUnresolvable: removing pods (preemption) cannot help.
/// </summary>
/// <param name="Reasons">Empty when the node passes.</param>
/// <param name="Unresolvable">True when preemption cannot make the node fit.</param>
public sealed record FilterStatus(IReadOnlyList<string> Reasons, bool Unresolvable)
{
    /// <summary>The node passes.</summary>
    public static readonly FilterStatus Pass = new([], false);

    /// <summary>Whether the node passes.</summary>
    public bool Passed => Reasons.Count == 0;

    /// <summary>A failure that removing lower-priority pods might resolve.</summary>
    public static FilterStatus Unschedulable(params string[] reasons) => new(reasons, false);

    /// <summary>A failure that removing pods cannot resolve.</summary>
    public static FilterStatus UnschedulableAndUnresolvable(string reason) => new([reason], true);
}
