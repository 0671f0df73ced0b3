namespace Orchestrator.Store.Objects;

/// <summary>
/// One entry of the change log: the object after the change (for a deletion, its last state at the deletion's
/// revision) and the revision of the version it replaced, if any.
/// </summary>
public sealed record ObjectChange(ChangeType Type, StoredObject Object, long? PreviousRevision)
{
    public long Revision => Object.Revision;
}
