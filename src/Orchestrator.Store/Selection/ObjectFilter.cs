using System.Text.Json;
using System.Text.Json.Nodes;

namespace Orchestrator.Store.Selection;

/// <summary>A label selector and a field selector together, evaluated against objects in their JSON form.</summary>
public sealed record ObjectFilter(LabelSelector Labels, FieldSelector Fields)
{
    public static ObjectFilter Everything { get; } = new(LabelSelector.Everything, FieldSelector.Everything);

    public bool IsEmpty => Labels.IsEmpty && Fields.IsEmpty;

    public static ObjectFilter Parse(string? labelSelector, string? fieldSelector) =>
        new(LabelSelector.Parse(labelSelector), FieldSelector.Parse(fieldSelector));

    public bool Matches(JsonObject obj)
    {
        if (!Labels.IsEmpty && !Labels.Matches(ReadLabels(obj)))
        {
            return false;
        }

        return Fields.IsEmpty || Fields.Matches(path => ReadField(obj, path));
    }

    /// <summary>The labels of an object, empty when it has none.</summary>
    public static IReadOnlyDictionary<string, string> ReadLabels(JsonObject obj)
    {
        if (obj["metadata"]?["labels"] is not JsonObject labels)
        {
            return new Dictionary<string, string>();
        }

        var result = new Dictionary<string, string>(labels.Count, StringComparer.Ordinal);
        foreach (var (key, value) in labels)
        {
            result[key] = value?.GetValueKind() == JsonValueKind.String
                ? value.GetValue<string>()
                : value?.ToString() ?? "";
        }

        return result;
    }

    /// <summary>The text of the scalar at a path of property names, or null when absent or not a scalar.</summary>
    public static string? ReadField(JsonObject obj, string[] path)
    {
        JsonNode? node = obj;
        foreach (var name in path)
        {
            node = node is JsonObject o ? o[name] : null;
            if (node is null)
            {
                return null;
            }
        }

        return node.GetValueKind() switch
        {
            JsonValueKind.String => node.GetValue<string>(),
            JsonValueKind.True => "true",
            JsonValueKind.False => "false",
            JsonValueKind.Number => node.ToJsonString(),
            _ => null,
        };
    }
}
