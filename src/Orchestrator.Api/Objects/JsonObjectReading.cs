using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Orchestrator.Api.Objects;

/// <summary>Lenient reads of Kubernetes objects held as JSON: a missing or mistyped field reads as absent.</summary>
public static class JsonObjectReading
{
    public static JsonObject? ObjectAt(this JsonObject? parent, string name) => parent?[name] as JsonObject;

    public static JsonArray? ArrayAt(this JsonObject? parent, string name) => parent?[name] as JsonArray;

    public static IEnumerable<JsonObject> ObjectsAt(this JsonObject? parent, string name) =>
        parent.ArrayAt(name)?.OfType<JsonObject>() ?? [];

    public static string? StringAt(this JsonObject? parent, string name) =>
        parent?[name] is JsonValue value && value.GetValueKind() == JsonValueKind.String
            ? value.GetValue<string>()
            : null;

    public static long? IntegerAt(this JsonObject? parent, string name) => AsInteger(parent?[name]);

    public static bool? BooleanAt(this JsonObject? parent, string name) =>
        parent?[name] is JsonValue value && value.GetValueKind() is JsonValueKind.True or JsonValueKind.False
            ? value.GetValue<bool>()
            : null;

    public static long? AsInteger(JsonNode? node)
    {
        if (node is not JsonValue value || value.GetValueKind() != JsonValueKind.Number)
        {
            return null;
        }

        var text = value.ToJsonString();
        if (long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var whole))
        {
            return whole;
        }

        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var real)
            ? (long)real
            : null;
    }

    /// <summary>The string entries of a JSON map such as labels, sorted by key as Go sorts map keys.</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> StringMapAt(this JsonObject? parent, string name) =>
        parent.ObjectAt(name)?
            .Select(p => new KeyValuePair<string, string>(
                p.Key, p.Value is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : ""))
            .OrderBy(p => p.Key, StringComparer.Ordinal)
            .ToList() ?? [];

    /// <summary>The child object called <paramref name="name"/>, created empty when missing.</summary>
    public static JsonObject EnsureObject(this JsonObject parent, string name)
    {
        if (parent[name] is JsonObject existing)
        {
            return existing;
        }

        var created = new JsonObject();
        parent[name] = created;
        return created;
    }

    public static DateTimeOffset? TimestampAt(this JsonObject? parent, string name) =>
        parent.StringAt(name) is { Length: > 0 } text && DateTimeOffset.TryParse(
            text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal,
            out var parsed)
            ? parsed
            : null;
}
