namespace Orchestrator.Api.Apply;

/// <summary>What one step of a field path names, and the prefix it has in a <c>fieldsV1</c> key.</summary>
public enum PathElementKind
{
    /// <summary>A field of an object or a key of a map: <c>f:name</c>.</summary>
    Field,

    /// <summary>An item of a <c>map</c> list, by the values of its key fields: <c>k:{"name":"app"}</c>.</summary>
    Key,

    /// <summary>An item of a <c>set</c> list, by its value: <c>v:"example.com/finalizer"</c>.</summary>
    Value,

    /// <summary>An item of a list by position: <c>i:0</c> (read, never produced here).</summary>
    Index,
}
