using System.Text.Json.Nodes;
using Orchestrator.Api.Schema;

namespace Orchestrator.Api.Apply;

/// <summary>
/// Removes from a merged object the fields an applier applied last time, left out this time, and nobody owns any
/// more. A field something below which is still owned stays, pruned inside; a map or list emptied by the removal
/// goes with its last entry.
/// </summary>
internal static class OwnershipPruner
{
    public static void Prune(JsonNode? value, SchemaNode? schema, FieldSet lastApplied, FieldSet owned)
    {
        switch (ApplySchema.ShapeOf(schema, value))
        {
            case NodeShape.Struct or NodeShape.FreeMap:
                PruneFields(value!.AsObject(), schema, lastApplied, owned);
                break;
            case NodeShape.MapList or NodeShape.SetList:
                PruneItems(value!.AsArray(), schema!, lastApplied, owned);
                break;
        }
    }

    private static void PruneFields(JsonObject fields, SchemaNode? schema, FieldSet lastApplied, FieldSet owned)
    {
        foreach (var key in fields.Select(p => p.Key).ToList())
        {
            var element = PathElement.Field(key);
            var (childSchema, named) = ApplySchema.Child(schema, key);
            var wasApplied = lastApplied.Members.Contains(element) || (named && lastApplied.HasBelow(element));
            if (wasApplied && !owned.Touches(element))
            {
                fields.Remove(key);
            }
            else if (lastApplied.HasBelow(element) &&
                PruneInside(fields[key], childSchema, lastApplied.Below(element), owned.Below(element)))
            {
                fields.Remove(key);
            }
        }
    }

    private static void PruneItems(JsonArray items, SchemaNode schema, FieldSet lastApplied, FieldSet owned)
    {
        for (var i = items.Count - 1; i >= 0; i--)
        {
            var element = ApplySchema.ItemElement(schema, items[i], [], i);
            if (lastApplied.Members.Contains(element) && !owned.Touches(element))
            {
                items.RemoveAt(i);
            }
            else if (lastApplied.HasBelow(element) &&
                PruneInside(items[i], schema.Items, lastApplied.Below(element), owned.Below(element)))
            {
                items.RemoveAt(i);
            }
        }
    }

    /// <summary>Prunes inside a value; true when that emptied a map or list that had entries.</summary>
    private static bool PruneInside(JsonNode? value, SchemaNode? schema, FieldSet lastApplied, FieldSet owned)
    {
        var hadEntries = value is JsonObject { Count: > 0 } or JsonArray { Count: > 0 };
        Prune(value, schema, lastApplied, owned);
        return hadEntries && ApplySchema.IsEmptyContainer(value);
    }
}
