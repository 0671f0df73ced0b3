using System.Text.Json.Nodes;
using Orchestrator.Api.Schema;
using Orchestrator.Api.Server;

namespace Orchestrator.Api.Apply;

/// <summary>Reads a <see cref="SchemaNode"/> as server-side apply needs it: shapes, children and item keys.</summary>
internal static class ApplySchema
{
    public static NodeShape ShapeOf(SchemaNode? schema, JsonNode? value)
    {
        if (value is null)
        {
            return NodeShape.Leaf;
        }

        if (schema is null || schema.Type == SchemaType.Any)
        {
            return value is JsonObject ? NodeShape.FreeMap : NodeShape.Leaf;
        }

        return schema.Type switch
        {
            SchemaType.Object or SchemaType.Map when schema.MapType == "atomic" || value is not JsonObject =>
                NodeShape.Leaf,
            SchemaType.Object when schema.Properties.Count > 0 => NodeShape.Struct,
            SchemaType.Object or SchemaType.Map => NodeShape.FreeMap,
            SchemaType.Array when value is JsonArray && schema.ListType == "map" && schema.ListMapKeys.Count > 0 =>
                NodeShape.MapList,
            SchemaType.Array when value is JsonArray && schema.ListType == "set" => NodeShape.SetList,
            _ => NodeShape.Leaf,
        };
    }

    /// <summary>The shape shared by both sides of a comparison or merge; a disagreement makes it a leaf.</summary>
    public static NodeShape SharedShape(
        SchemaNode? schema, bool hasLeft, JsonNode? left, bool hasRight, JsonNode? right)
    {
        var shape = ShapeOf(schema, hasRight ? right : left);
        if (hasLeft && hasRight && ShapeOf(schema, left) != shape)
        {
            return NodeShape.Leaf;
        }

        var leftEmpty = !hasLeft || IsEmptyContainer(left);
        var rightEmpty = !hasRight || IsEmptyContainer(right);
        return shape != NodeShape.Leaf && leftEmpty && rightEmpty ? NodeShape.Leaf : shape;
    }

    /// <summary>The schema of a field or map entry, and whether it is a named property of an object.</summary>
    public static (SchemaNode? Schema, bool Named) Child(SchemaNode? parent, string key)
    {
        if (parent is null || parent.Type == SchemaType.Any)
        {
            return (null, false);
        }

        return parent.Properties.TryGetValue(key, out var property) ? (property, true) : (parent.Items, false);
    }

    /// <summary>The element naming one item of a <c>map</c> or <c>set</c> list; a bad item is a 400.</summary>
    public static PathElement ItemElement(SchemaNode list, JsonNode? item, IReadOnlyList<PathElement> path, int index)
    {
        if (list.ListType == "set")
        {
            return item is JsonValue
                ? PathElement.ValueOf(item)
                : throw Invalid(path, index, "associative list without keys has an element that is not a scalar");
        }

        if (item is not JsonObject fields)
        {
            throw Invalid(path, index, "associative list with keys may not have non-map elements");
        }

        var keys = new List<KeyValuePair<string, JsonNode?>>();
        foreach (var name in list.ListMapKeys)
        {
            if (fields.TryGetPropertyValue(name, out var value))
            {
                keys.Add(new(name, value));
            }
            else if (list.Items?.Property(name)?.Default is { } fallback)
            {
                keys.Add(new(name, fallback));
            }
        }

        return keys.Count > 0
            ? PathElement.Key(keys)
            : throw Invalid(path, index,
                $"associative list with keys has an element that omits all key fields " +
                $"[{string.Join(" ", list.ListMapKeys.Select(k => GoJson.Quote(k)))}] " +
                "(and doesn't have default values for any key fields)");
    }

    public static bool IsEmptyContainer(JsonNode? value) =>
        value is JsonObject { Count: 0 } or JsonArray { Count: 0 };

    private static ApiException Invalid(IReadOnlyList<PathElement> path, int index, string problem) =>
        ApiErrors.BadRequest($"{new FieldPath(path)}: element {index}: {problem}");
}
