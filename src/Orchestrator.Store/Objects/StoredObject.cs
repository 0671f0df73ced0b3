using System.Text.Json.Nodes;

namespace Orchestrator.Store.Objects;

/// <summary>
/// One version of a stored object: its key, uid, the resourceVersion of this version and its JSON text.
/// The JSON already carries <c>metadata.resourceVersion</c> and <c>metadata.uid</c>.
/// </summary>
public sealed class StoredObject
{
    private JsonObject? _parsed;

    public StoredObject(ObjectKey key, Guid uid, long revision, string json)
    {
        Key = key;
        Uid = uid;
        Revision = revision;
        Json = json;
    }

    internal StoredObject(ObjectKey key, Guid uid, long revision, JsonObject parsed)
        : this(key, uid, revision, parsed.ToJsonString())
    {
        _parsed = parsed;
    }

    public ObjectKey Key { get; }

    public Guid Uid { get; }

    public long Revision { get; }

    /// <summary>The object as JSON text, exactly as stored.</summary>
    public string Json { get; }

    /// <summary>
    /// The object parsed once and shared: treat it as read-only, and call <see cref="ToJsonObject"/> for a copy
    /// to change.
    /// </summary>
    public JsonObject Object => _parsed ??= (JsonObject)JsonNode.Parse(Json)!;

    /// <summary>A fresh, mutable copy of the object.</summary>
    public JsonObject ToJsonObject() => (JsonObject)JsonNode.Parse(Json)!;
}
