using System.Text.Json.Nodes;
using Orchestrator.Api.Schema;

namespace Orchestrator.Api.Apply;

/// <summary>
/// The fields one version of an object added, changed and removed relative to another. A map, list or list item
/// that appears or disappears is recorded itself as well as what lies in it, except an object field or a required
/// field: the apiserver compares typed objects in which those always exist (Go structs and fields without
/// <c>omitempty</c>, which its OpenAPI marks required), so it never sees them appear.
/// </summary>
internal sealed class ObjectComparison
{
    public FieldSet Added { get; private set; } = new();

    public FieldSet Modified { get; private set; } = new();

    public FieldSet Removed { get; private set; } = new();

    /// <summary>What was added or changed: the fields a writer takes from everyone else.</summary>
    public FieldSet Changed => Modified.Union(Added);

    public bool IsSame => Added.IsEmpty && Modified.IsEmpty && Removed.IsEmpty;

    public static ObjectComparison Compare(JsonNode? left, JsonNode? right, SchemaNode? schema)
    {
        var comparison = new ObjectComparison();
        comparison.Walk([], left is not null, left, right is not null, right, schema, alwaysExists: true);
        return comparison;
    }

    /// <summary>Forgets the fields at and below the given paths (the fields the server resets).</summary>
    public ObjectComparison Excluding(FieldSet? ignored)
    {
        if (ignored is not null && !ignored.IsEmpty)
        {
            Added = Added.RecursiveDifference(ignored);
            Modified = Modified.RecursiveDifference(ignored);
            Removed = Removed.RecursiveDifference(ignored);
        }

        return this;
    }

    private void Walk(
        List<PathElement> path, bool hasLeft, JsonNode? left, bool hasRight, JsonNode? right, SchemaNode? schema,
        bool alwaysExists)
    {
        var shape = ApplySchema.SharedShape(schema, hasLeft, left, hasRight, right);
        switch (shape)
        {
            case NodeShape.Leaf:
                if (!hasLeft)
                {
                    Added.Insert(path);
                }
                else if (!hasRight)
                {
                    Removed.Insert(path);
                }
                else if (!JsonNode.DeepEquals(left, right))
                {
                    Modified.Insert(path);
                }

                return;
            case NodeShape.Struct or NodeShape.FreeMap:
                WalkFields(path, hasLeft ? left!.AsObject() : null, hasRight ? right!.AsObject() : null, schema);
                break;
            default:
                WalkItems(path, hasLeft ? left!.AsArray() : null, hasRight ? right!.AsArray() : null, schema!);
                break;
        }

        if (alwaysExists)
        {
            return;
        }

        if (!hasLeft)
        {
            Added.Insert(path);
        }
        else if (!hasRight)
        {
            Removed.Insert(path);
        }
    }

    private void WalkFields(List<PathElement> path, JsonObject? left, JsonObject? right, SchemaNode? schema)
    {
        var keys = (left?.Select(p => p.Key) ?? []).Concat(right?.Select(p => p.Key) ?? []).Distinct();
        foreach (var key in keys.ToList())
        {
            JsonNode? leftValue = null;
            JsonNode? rightValue = null;
            var hasLeft = left?.TryGetPropertyValue(key, out leftValue) == true;
            var hasRight = right?.TryGetPropertyValue(key, out rightValue) == true;
            var (childSchema, named) = ApplySchema.Child(schema, key);
            var alwaysExists = named && (schema!.Required.Contains(key) ||
                ApplySchema.ShapeOf(childSchema, hasRight ? rightValue : leftValue) == NodeShape.Struct);
            Walk(
                [.. path, PathElement.Field(key)], hasLeft, leftValue, hasRight, rightValue, childSchema,
                alwaysExists);
        }
    }

    private void WalkItems(List<PathElement> path, JsonArray? left, JsonArray? right, SchemaNode schema)
    {
        var leftItems = Index(path, left, schema);
        var rightItems = Index(path, right, schema);
        foreach (var element in leftItems.Keys.Concat(rightItems.Keys).Distinct().ToList())
        {
            var hasLeft = leftItems.TryGetValue(element, out var leftItem);
            var hasRight = rightItems.TryGetValue(element, out var rightItem);
            Walk([.. path, element], hasLeft, leftItem, hasRight, rightItem, schema.Items, alwaysExists: false);
        }
    }

    private static Dictionary<PathElement, JsonNode?> Index(List<PathElement> path, JsonArray? items, SchemaNode schema)
    {
        var index = new Dictionary<PathElement, JsonNode?>();
        for (var i = 0; i < (items?.Count ?? 0); i++)
        {
            index.TryAdd(ApplySchema.ItemElement(schema, items![i], path, i), items[i]);
        }

        return index;
    }
}
