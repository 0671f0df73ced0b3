namespace Orchestrator.Api.Lifecycle;

/// <summary>How dependents of a deleted object are treated, as Kubernetes' <c>propagationPolicy</c>.</summary>
public enum PropagationPolicy
{
    /// <summary>Delete the object now; the garbage collector deletes its dependents afterwards.</summary>
    Background,

    /// <summary>Keep the object, marked for deletion, until the garbage collector has deleted its dependents.</summary>
    Foreground,

    /// <summary>Remove the owner reference from the dependents, then delete the object; dependents stay.</summary>
    Orphan,
}

/// <summary>What a deletion asks for: the propagation policy, the grace period, and preconditions.</summary>
public sealed record DeletionOptions
{
    public PropagationPolicy Propagation { get; init; } = PropagationPolicy.Background;

    /// <summary>Seconds a running pod is given to stop; null for the pod's own setting.</summary>
    public long? GracePeriodSeconds { get; init; }

    public string? PreconditionUid { get; init; }

    public long? PreconditionRevision { get; init; }

    public bool DryRun { get; init; }
}
