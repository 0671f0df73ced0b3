using System.Text.Json.Nodes;
using Orchestrator.Api.Schema;

namespace Orchestrator.Api.Apply;

/// <summary>
/// The fields an object sets: every scalar, every atomic list or map, every item of a map or set list, every entry
/// of a free map, and every object field that is null or empty.
/// </summary>
internal static class ObjectFields
{
    public static FieldSet Of(JsonNode? value, SchemaNode? schema)
    {
        var set = new FieldSet();
        Walk(set, [], value, schema);
        return set;
    }

    private static void Walk(FieldSet set, List<PathElement> path, JsonNode? value, SchemaNode? schema)
    {
        switch (ApplySchema.ShapeOf(schema, value))
        {
            case NodeShape.Struct or NodeShape.FreeMap:
                foreach (var (key, child) in value!.AsObject())
                {
                    var (childSchema, named) = ApplySchema.Child(schema, key);
                    List<PathElement> childPath = [.. path, PathElement.Field(key)];
                    Walk(set, childPath, child, childSchema);
                    if (child is null or JsonObject { Count: 0 } || !named)
                    {
                        set.Insert(childPath);
                    }
                }

                break;
            case NodeShape.MapList or NodeShape.SetList:
                WalkItems(set, path, value!.AsArray(), schema!);
                break;
            default:
                set.Insert(path);
                break;
        }
    }

    private static void WalkItems(FieldSet set, List<PathElement> path, JsonArray items, SchemaNode schema)
    {
        var elements = items.Select((item, i) => ApplySchema.ItemElement(schema, item, path, i)).ToList();
        var duplicated = elements.GroupBy(e => e).Where(g => g.Count() > 1).Select(g => g.Key).ToHashSet();
        for (var i = 0; i < items.Count; i++)
        {
            List<PathElement> itemPath = [.. path, elements[i]];
            if (!duplicated.Contains(elements[i]))
            {
                Walk(set, itemPath, items[i], schema.Items);
            }

            set.Insert(itemPath);
        }
    }
}
