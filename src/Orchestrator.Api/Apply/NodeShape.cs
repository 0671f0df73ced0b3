namespace Orchestrator.Api.Apply;

/// <summary>How server-side apply treats one value: as a whole, or by its fields or items.</summary>
internal enum NodeShape
{
    /// <summary>A scalar, an atomic list or map, or a value whose shape its schema disagrees with.</summary>
    Leaf,

    /// <summary>An object with named properties; the object itself is owned only through its fields.</summary>
    Struct,

    /// <summary>A map with free keys (labels, annotations, untyped objects); each entry is owned.</summary>
    FreeMap,

    /// <summary>A list whose items are identified by their key fields.</summary>
    MapList,

    /// <summary>A list of scalars whose items are identified by their values.</summary>
    SetList,
}
