using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Orchestrator.Api.Schema;

namespace Orchestrator.Api.Validation;

/// <summary>
/// Checks that every value of an object has the JSON type its schema declares, as decoding into Kubernetes' typed
/// objects does, so a wrongly typed write is refused instead of stored. A null is accepted anywhere (it decodes to
/// the empty value). Reports the first mismatch in the decoder's words.
/// </summary>
public static class ValueTypeCheck
{
    /// <summary>The first mismatch, such as <c>json: cannot unmarshal string into Go struct field
    /// Deployment.spec.replicas of type int32</c>, or null when every value fits.</summary>
    public static string? FindMismatch(JsonObject obj, SchemaNode schema, string kind) =>
        CheckObject(obj, schema, kind, "");

    private static string? Check(JsonNode? value, SchemaNode schema, string kind, string path)
    {
        if (value is null)
        {
            return null;
        }

        var json = value.GetValueKind();
        switch (schema.Type)
        {
            case SchemaType.Object:
                return value is JsonObject obj
                    ? CheckObject(obj, schema, kind, path)
                    : Mismatch(json, kind, path, "struct");
            case SchemaType.Map:
                if (value is not JsonObject map)
                {
                    return Mismatch(json, kind, path, "map");
                }

                foreach (var (key, item) in map)
                {
                    if (schema.Items is { } values && Check(item, values, kind, $"{path}.{key}") is { } problem)
                    {
                        return problem;
                    }
                }

                return null;
            case SchemaType.Array:
                if (value is not JsonArray array)
                {
                    return Mismatch(json, kind, path, "array");
                }

                for (var i = 0; i < array.Count; i++)
                {
                    if (schema.Items is { } items && Check(array[i], items, kind, path) is { } problem)
                    {
                        return problem;
                    }
                }

                return null;
            case SchemaType.String:
                return json == JsonValueKind.String ? null : Mismatch(json, kind, path, "string");
            case SchemaType.Boolean:
                return json is JsonValueKind.True or JsonValueKind.False ? null : Mismatch(json, kind, path, "bool");
            case SchemaType.Integer:
                return json == JsonValueKind.Number && IsInteger(value)
                    ? null
                    : Mismatch(json, kind, path, schema.Format ?? "int64", json == JsonValueKind.Number ? value : null);
            case SchemaType.Number:
                return json == JsonValueKind.Number ? null : Mismatch(json, kind, path, "float64");
            case SchemaType.IntOrString:
                return json == JsonValueKind.String || (json == JsonValueKind.Number && IsInteger(value))
                    ? null
                    : $"json: cannot unmarshal {GoName(json)} into Go value of type intstr.IntOrString";
            case SchemaType.Quantity:
                return json is JsonValueKind.String or JsonValueKind.Number
                    ? null
                    : "quantities must match the regular expression " +
                      "'^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";
            case SchemaType.DateTime:
                return json == JsonValueKind.String && IsTime(value.GetValue<string>())
                    ? null
                    : $"parsing time {value.ToJsonString()} as \"2006-01-02T15:04:05Z07:00\": cannot parse " +
                      $"{value.ToJsonString()} as \"2006\"";
            case SchemaType.Bytes:
                if (json != JsonValueKind.String)
                {
                    return Mismatch(json, kind, path, "[]uint8");
                }

                return IsBase64(value.GetValue<string>(), out var position)
                    ? null
                    : $"illegal base64 data at input byte {position}";
            default:
                return null;
        }
    }

    private static string? CheckObject(JsonObject obj, SchemaNode schema, string kind, string path)
    {
        foreach (var (name, item) in obj)
        {
            if (schema.Property(name) is { } property &&
                Check(item, property, kind, path.Length == 0 ? name : $"{path}.{name}") is { } problem)
            {
                return problem;
            }
        }

        return null;
    }

    private static string Mismatch(JsonValueKind json, string kind, string path, string type, JsonNode? value = null)
    {
        var what = value is null ? GoName(json) : $"number {value.ToJsonString()}";
        return $"json: cannot unmarshal {what} into Go struct field {kind}.{path} of type {type}";
    }

    private static string GoName(JsonValueKind json) => json switch
    {
        JsonValueKind.String => "string",
        JsonValueKind.Number => "number",
        JsonValueKind.True or JsonValueKind.False => "bool",
        JsonValueKind.Array => "array",
        _ => "object",
    };

    // Numbers may hold any CLR numeric type (parsed text, or decoded protobuf), so read them as text.
    private static bool IsInteger(JsonNode value) =>
        decimal.TryParse(value.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var number) &&
        number == decimal.Truncate(number);

    private static bool IsTime(string text) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out _) &&
        text.Contains('T', StringComparison.Ordinal);

    private static bool IsBase64(string text, out int position)
    {
        position = 0;
        var buffer = new byte[text.Length];
        if (Convert.TryFromBase64String(text, buffer, out _))
        {
            return true;
        }

        for (position = 0; position < text.Length; position++)
        {
            var c = text[position];
            if (!(char.IsAsciiLetterOrDigit(c) || c is '+' or '/' or '='))
            {
                break;
            }
        }

        return false;
    }
}
