namespace Orchestrator.Api.Schema;

/// <summary>
/// How patches treat one property: the strategic-merge strategy and key, the server-side-apply list type and keys,
/// and the map type. These live in the Go struct tags of Kubernetes, not in the client's models.
/// </summary>
public sealed record FieldTraits(
    string? PatchStrategy = null,
    string? PatchMergeKey = null,
    string? ListType = null,
    IReadOnlyList<string>? ListMapKeys = null,
    string? MapType = null)
{
    /// <summary>A list of objects merged by one key, both in strategic merge and in server-side apply.</summary>
    public static FieldTraits MergedBy(string key, string strategy = "merge") =>
        new(strategy, key, "map", [key]);

    /// <summary>A list of objects merged by several keys (the first is the strategic-merge key).</summary>
    public static FieldTraits MergedBy(IReadOnlyList<string> keys) => new("merge", keys[0], "map", keys);

    public static FieldTraits Atomic { get; } = new(ListType: "atomic");

    public static FieldTraits Set { get; } = new(ListType: "set");

    /// <summary>A list of scalars that strategic merge unions and server-side apply treats as a set.</summary>
    public static FieldTraits MergedSet { get; } = new("merge", ListType: "set");

    public static FieldTraits AtomicMap { get; } = new(MapType: "atomic");

    public static FieldTraits RetainKeys { get; } = new("retainKeys");

    public void ApplyTo(SchemaNode node)
    {
        node.PatchStrategy = PatchStrategy;
        node.PatchMergeKey = PatchMergeKey;
        node.ListType = ListType;
        node.ListMapKeys = ListMapKeys ?? [];
        node.MapType = MapType;
    }
}
