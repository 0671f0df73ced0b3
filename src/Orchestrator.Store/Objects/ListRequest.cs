using Orchestrator.Store.Selection;

namespace Orchestrator.Store.Objects;

/// <summary>How a list reads the resourceVersion it is given, as Kubernetes' <c>resourceVersionMatch</c>.</summary>
public enum RevisionMatch
{
    /// <summary>No revision given: the most recent state, read consistently.</summary>
    Latest,

    /// <summary>A state at least as recent as the given revision.</summary>
    NotOlderThan,

    /// <summary>The state at exactly the given revision.</summary>
    Exact,
}

/// <summary>A list of one resource, in one namespace or all (<see cref="Namespace"/> null).</summary>
public sealed record ListRequest(string Resource)
{
    public string? Namespace { get; init; }

    public ObjectFilter Filter { get; init; } = ObjectFilter.Everything;

    /// <summary>The most objects on one page; 0 for no limit.</summary>
    public int Limit { get; init; }

    /// <summary>The token from the previous page's <see cref="ListResult.Continue"/>.</summary>
    public string? Continue { get; init; }

    public long Revision { get; init; }

    public RevisionMatch Match { get; init; } = RevisionMatch.Latest;
}

/// <summary>
/// One page of a list: its objects in key order, the snapshot's revision and the token for the next page.
/// </summary>
public sealed record ListResult(IReadOnlyList<StoredObject> Items, long Revision, string? Continue);
