using Orchestrator.Store.Selection;

namespace Orchestrator.Store.Objects;

/// <summary>
/// A watch of one resource (or of every resource when <see cref="Resource"/> is null), delivering every change
/// after <see cref="FromRevision"/> exactly once and in order.
/// </summary>
public sealed record WatchRequest(string? Resource, long FromRevision)
{
    public string? Namespace { get; init; }

    /// <summary>
    /// Changes are delivered as the filter sees them: an object that starts to match is Added, one that stops
    /// matching is Deleted, one that matches neither before nor after is not delivered.
    /// </summary>
    public ObjectFilter Filter { get; init; } = ObjectFilter.Everything;

    /// <summary>
    /// Called with a revision whenever the watch has delivered every change up to it and waits for more: the
    /// revision a bookmark may carry.
    /// </summary>
    public Action<long>? OnCaughtUp { get; init; }
}
