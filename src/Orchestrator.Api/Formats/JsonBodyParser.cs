using System.Text.Json;
using System.Text.Json.Nodes;

namespace Orchestrator.Api.Formats;

/// <summary>
/// Parses JSON request bodies into mutable nodes. Unlike <see cref="JsonNode.Parse(string, JsonNodeOptions?,
/// JsonDocumentOptions)"/> it accepts a field given twice, keeps the last value as Kubernetes does, and reports
/// the field so strict validation can refuse it.
/// </summary>
public static class JsonBodyParser
{
    public static ParsedBody Parse(ReadOnlyMemory<byte> utf8)
    {
        using var document = JsonDocument.Parse(utf8, new JsonDocumentOptions { MaxDepth = 256 });
        var duplicates = new List<string>();
        var value = Convert(document.RootElement, "", duplicates);
        return new ParsedBody(value, duplicates);
    }

    private static JsonNode? Convert(JsonElement element, string path, List<string> duplicates)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                var obj = new JsonObject();
                foreach (var property in element.EnumerateObject())
                {
                    var childPath = path.Length == 0 ? property.Name : $"{path}.{property.Name}";
                    if (obj.ContainsKey(property.Name))
                    {
                        duplicates.Add(childPath);
                        obj.Remove(property.Name);
                    }

                    obj[property.Name] = Convert(property.Value, childPath, duplicates);
                }

                return obj;
            case JsonValueKind.Array:
                var array = new JsonArray();
                var index = 0;
                foreach (var item in element.EnumerateArray())
                {
                    array.Add(Convert(item, $"{path}[{index++}]", duplicates));
                }

                return array;
            case JsonValueKind.Null:
                return null;
            default:
                return JsonValue.Create(element.Clone());
        }
    }
}
