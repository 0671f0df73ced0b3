using Orchestrator.Store.Objects;

namespace Orchestrator.Store.Errors;

/// <summary>The object named by a read, update or delete does not exist.</summary>
public sealed class ObjectNotFoundException(ObjectKey key)
    : StoreException($"object {key} not found")
{
    public ObjectKey Key { get; } = key;
}
