namespace Orchestrator.ControlPlane.Scheduling;

/// <summary>
/// Settings of the default scheduler (section <c>Orchestrator:Scheduler</c>): how many shards place pods in
/// parallel, how long a pod no node can take waits before it is tried again when no node changes, and how the
/// silos hold the shards' leases.
/// </summary>
public sealed class SchedulerOptions
{
    /// <summary>The configuration section the options are read from.</summary>
    public const string Section = "Orchestrator:Scheduler";

    /// <summary>How many shards place pods in parallel; each takes the pods whose namespace/name hash to it.</summary>
    public int Shards { get; set; } = 2;

    /// <summary>The first wait before an unschedulable pod is tried again.</summary>
    public TimeSpan InitialBackoff { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest wait before an unschedulable pod is tried again; the wait doubles up to it.</summary>
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a scheduler shard's lease lasts after its holder last renewed it.</summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How often a silo renews the shard leases it holds and looks for free ones.</summary>
    public TimeSpan LeaseRenewInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Throws when a setting is out of range, naming the setting, its value and the rule.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A setting is out of range.</exception>
    public void Validate()
    {
        if (Shards is < 1 or > 64)
        {
            throw new ArgumentOutOfRangeException(
                nameof(Shards), Shards, $"{Section}:{nameof(Shards)} must be between 1 and 64");
        }

        if (InitialBackoff <= TimeSpan.Zero || MaxBackoff < InitialBackoff)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxBackoff), MaxBackoff,
                $"{Section}:{nameof(InitialBackoff)} must be positive and {nameof(MaxBackoff)} at least as long");
        }

        if (LeaseRenewInterval <= TimeSpan.Zero || LeaseDuration < LeaseRenewInterval * 3)
        {
            throw new ArgumentOutOfRangeException(nameof(LeaseDuration), LeaseDuration,
                $"{Section}:{nameof(LeaseRenewInterval)} must be positive and {nameof(LeaseDuration)} at least "
                + "three times as long");
        }
    }

    /// <summary>
    /// The wait after <paramref name="failures"/> failed attempts: the initial back-off, doubled per further failure,
    /// at most <see cref="MaxBackoff"/>.
    /// </summary>
    public TimeSpan BackoffAfter(int failures)
    {
        var wait = InitialBackoff;
        for (var i = 1; i < failures && wait < MaxBackoff; i++)
        {
            wait *= 2;
        }

        return wait < MaxBackoff ? wait : MaxBackoff;
    }
}
