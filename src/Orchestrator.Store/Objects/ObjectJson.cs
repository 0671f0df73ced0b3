using System.Globalization;
using System.Text.Json.Nodes;

namespace Orchestrator.Store.Objects;

/// <summary>Reads and sets the metadata fields the store owns on an object's JSON.</summary>
public static class ObjectJson
{
    /// <summary>The object's <c>metadata</c>, created when missing.</summary>
    public static JsonObject Metadata(JsonObject obj)
    {
        if (obj["metadata"] is JsonObject metadata)
        {
            return metadata;
        }

        metadata = [];
        obj["metadata"] = metadata;
        return metadata;
    }

    public static string? GetString(JsonObject obj, string field) =>
        obj["metadata"]?[field] is JsonValue value && value.TryGetValue<string>(out var s) ? s : null;

    public static long GetGeneration(JsonObject obj) =>
        obj["metadata"]?["generation"] is JsonValue value && long.TryParse(value.ToJsonString(), out var g) ? g : 0;

    /// <summary>Kubernetes' timestamp form: RFC 3339 in UTC, whole seconds.</summary>
    public static string FormatTimestamp(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
