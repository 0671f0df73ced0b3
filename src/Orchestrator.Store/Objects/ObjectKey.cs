namespace Orchestrator.Store.Objects;

/// <summary>
/// Names one stored object: its resource's storage key (for example <c>apps/deployments</c>), its namespace
/// (empty for cluster-scoped resources) and its name. Unique within a region.
/// </summary>
public readonly record struct ObjectKey(string Resource, string Namespace, string Name)
{
    public override string ToString() =>
        Namespace.Length == 0 ? $"{Resource}/{Name}" : $"{Resource}/{Namespace}/{Name}";
}
