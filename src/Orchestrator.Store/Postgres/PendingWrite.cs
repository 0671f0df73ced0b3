using Orchestrator.Store.Objects;

namespace Orchestrator.Store.Postgres;

/// <summary>What a queued write does.</summary>
internal enum WriteKind : short
{
    Create = 1,
    Update = 2,
    Delete = 3,
}

/// <summary>
/// One write waiting for the <see cref="StoreWriter"/>. Update: <see cref="Uid"/> and <see cref="ExpectedRevision"/>
/// must match the stored object. Delete: each is checked only when given.
/// </summary>
internal sealed class PendingWrite(WriteKind kind, ObjectKey key, Guid? uid, long? expectedRevision, string? json)
{
    public WriteKind Kind { get; } = kind;

    public ObjectKey Key { get; } = key;

    public Guid? Uid { get; } = uid;

    public long? ExpectedRevision { get; } = expectedRevision;

    public string? Json { get; } = json;

    public TaskCompletionSource<WriteOutcome> Completion { get; } =
        new(TaskCreationOptions.RunContinuationsAsynchronously);
}

/// <summary>
/// What a write did: whether it applied and, if it did, the revision it was given. A write whose precondition
/// failed is the default value.
/// </summary>
internal readonly record struct WriteOutcome(bool Applied, long Revision, string? Json, Guid Uid);
