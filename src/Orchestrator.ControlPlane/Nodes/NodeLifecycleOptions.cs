namespace Orchestrator.ControlPlane.Nodes;

/// <summary>
/// Settings of the node lifecycle, read from the <c>NodeLifecycle</c> section: how long a node's Lease may go
/// unrenewed before the node is declared lost, and how long its pods stay after that.
/// </summary>
public sealed class NodeLifecycleOptions
{
    /// <summary>Seconds without a Lease renewal before Ready becomes Unknown (node-monitor-grace-period).</summary>
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
