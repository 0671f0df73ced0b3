using Orchestrator.Store.Objects;

namespace Orchestrator.Store.Errors;

/// <summary>A create found an object with the same key.</summary>
public sealed class ObjectAlreadyExistsException(ObjectKey key)
    : StoreException($"object {key} already exists")
{
    public ObjectKey Key { get; } = key;
}
