using Orchestrator.Store.Objects;

namespace Orchestrator.Store.Errors;

/// <summary>
/// A write's precondition failed: the object changed since the caller read it (a stale resourceVersion) or it is
/// another object now (a different uid). The caller rereads and tries again.
/// </summary>
public sealed class ObjectConflictException(ObjectKey key, string message) : StoreException(message)
{
    public ObjectKey Key { get; } = key;
}
