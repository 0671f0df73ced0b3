using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Orchestrator.ControlPlane.Scheduling;

/// <summary>Tolerant reads of Kubernetes JSON: a missing or mistyped field reads as absent.</summary>
internal static class JsonRead
{
    public static JsonObject? Object(JsonNode? node, params string[] path)
    {
        var current = node;
        foreach (var step in path)
        {
            current = current is JsonObject obj ? obj[step] : null;
        }

        return current as JsonObject;
    }

    public static JsonArray Array(JsonNode? node, params string[] path)
    {
        var current = node;
        foreach (var step in path)
        {
            current = current is JsonObject obj ? obj[step] : null;
        }

        return current as JsonArray ?? [];
    }

    public static IEnumerable<JsonObject> Objects(JsonNode? node, params string[] path) =>
        Array(node, path).OfType<JsonObject>();

    public static string? String(JsonNode? node, string name) =>
        node is JsonObject obj && obj[name] is JsonValue value && value.GetValueKind() == JsonValueKind.String
            ? value.GetValue<string>()
            : null;

    public static long? Integer(JsonNode? node, string name) =>
        node is JsonObject obj && obj[name] is JsonValue value && value.GetValueKind() == JsonValueKind.Number
            && long.TryParse(
                value.ToJsonString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number)
            ? number
            : null;

    public static bool Boolean(JsonNode? node, string name) =>
        node is JsonObject obj && obj[name] is JsonValue value && value.GetValueKind() == JsonValueKind.True;

    public static IReadOnlyDictionary<string, string> StringMap(JsonNode? node)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        if (node is JsonObject obj)
        {
            foreach (var (key, value) in obj)
            {
                if (value is JsonValue json && json.GetValueKind() == JsonValueKind.String)
                {
                    map[key] = json.GetValue<string>();
                }
            }
        }

        return map;
    }

    public static IReadOnlyList<string> Strings(JsonNode? node) =>
        node is JsonArray array
            ? array.OfType<JsonValue>().Where(v => v.GetValueKind() == JsonValueKind.String)
                .Select(v => v.GetValue<string>()).ToList()
            : [];

    public static string Namespace(JsonObject pod) =>
        String(pod["metadata"], "namespace") is { Length: > 0 } ns ? ns : "default";

    public static string Name(JsonObject obj) => String(obj["metadata"], "name") ?? "";

    public static IReadOnlyDictionary<string, string> Labels(JsonObject obj) =>
        StringMap(Object(obj, "metadata")?["labels"]);
}
