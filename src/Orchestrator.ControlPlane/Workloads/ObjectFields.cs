using System.Globalization;
using System.Text.Json.Nodes;

namespace Orchestrator.ControlPlane.Workloads;

/// <summary>Reads the fields of Kubernetes objects held as JSON, tolerating absent or mistyped values.</summary>
internal static class ObjectFields
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

    public static string? String(JsonObject? obj, string name) =>
        obj?[name] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    public static int? Int(JsonObject? obj, string name)
    {
        if (obj?[name] is not JsonValue value)
        {
            return null;
        }

        if (value.TryGetValue<int>(out var number))
        {
            return number;
        }

        if (value.TryGetValue<long>(out var wide))
        {
            return (int)Math.Clamp(wide, int.MinValue, int.MaxValue);
        }

        return value.TryGetValue<double>(out var real) ? (int)real : null;
    }

    public static long Long(JsonObject? obj, string name)
    {
        if (obj?[name] is not JsonValue value)
        {
            return 0;
        }

        if (value.TryGetValue<long>(out var number))
        {
            return number;
        }

        return value.TryGetValue<int>(out var narrow) ? narrow : 0;
    }

    public static bool Bool(JsonObject? obj, string name) =>
        obj?[name] is JsonValue value && value.TryGetValue<bool>(out var flag) && flag;

    public static DateTimeOffset? Time(JsonObject? obj, string name) =>
        String(obj, name) is { } text && DateTimeOffset.TryParse(
            text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time)
            ? time
            : null;

    public static string FormatTime(DateTimeOffset time) =>
        time.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public static Dictionary<string, string> StringMap(JsonObject? obj)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        if (obj is null)
        {
            return map;
        }

        foreach (var (key, value) in obj)
        {
            if (value is JsonValue text && text.TryGetValue<string>(out var s))
            {
                map[key] = s;
            }
        }

        return map;
    }

    public static JsonObject ToObject(IReadOnlyDictionary<string, string> map)
    {
        var obj = new JsonObject();
        foreach (var (key, value) in map.OrderBy(pair => pair.Key, StringComparer.Ordinal))
        {
            obj[key] = value;
        }

        return obj;
    }

    /// <summary>The uid of the controller ownerReference, or null when nothing controls the object.</summary>
    public static string? ControllerUid(JsonObject obj)
    {
        if (Object(obj, "metadata")?["ownerReferences"] is not JsonArray owners)
        {
            return null;
        }

        return owners.OfType<JsonObject>().Where(owner => Bool(owner, "controller"))
            .Select(owner => String(owner, "uid")).FirstOrDefault();
    }

    public static JsonObject ControllerReference(string apiVersion, string kind, JsonObject owner) => new()
    {
        ["apiVersion"] = apiVersion,
        ["kind"] = kind,
        ["name"] = String(Object(owner, "metadata"), "name"),
        ["uid"] = String(Object(owner, "metadata"), "uid"),
        ["controller"] = true,
        ["blockOwnerDeletion"] = true,
    };
}
