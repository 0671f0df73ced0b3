using System.Text.Json;
using System.Text.Json.Nodes;
using Orchestrator.Api.Schema;

namespace Orchestrator.Api.Patching;

public static partial class StrategicMergePatch
{
    /// <summary>Merges or replaces a list field as its schema node says; the items returned have no parent.</summary>
    private static List<JsonNode?> MergeListField(JsonArray original, JsonArray patch, SchemaNode? listSchema)
    {
        if (listSchema?.MergesList != true)
        {
            return ReplacementItems(patch, listSchema?.Items);
        }

        if (original.Count == 0 && patch.Count == 0)
        {
            return [];
        }

        var kind = ElementKind(original, patch);
        if (kind != JsonValueKind.Object)
        {
            var union = new List<JsonNode?>();
            foreach (var item in original.Concat(patch))
            {
                if (!union.Any(u => JsonNode.DeepEquals(u, item)))
                {
                    union.Add(item?.DeepClone());
                }
            }

            return Order(union, [.. patch], [.. original], item => item);
        }

        return listSchema.PatchMergeKey is { } mergeKey
            ? MergeKeyedList(original, patch, listSchema.Items, mergeKey)
            : ReplacementItems(patch, listSchema.Items);
    }

    private static List<JsonNode?> MergeKeyedList(
        JsonArray original, JsonArray patch, SchemaNode? itemSchema, string mergeKey)
    {
        var working = original.Select(item => item?.DeepClone()).ToList();
        var regular = new List<JsonObject>();
        var replace = false;
        foreach (var item in patch.Cast<JsonObject>())
        {
            switch (ReadPatchDirective(item, inList: true))
            {
                case null:
                    regular.Add(item);
                    break;
                case "delete":
                    var deleted = KeyOf(item, mergeKey, required: true);
                    working.RemoveAll(w => JsonNode.DeepEquals(KeyOf(w, mergeKey, required: false), deleted));
                    break;
                default:
                    replace = true;
                    break;
            }
        }

        if (replace)
        {
            var replacement = ReplacementItems([.. regular.Select(r => r.DeepClone())], itemSchema);
            replacement.ForEach(item => KeyOf(item, mergeKey, required: true));
            return replacement;
        }

        var serverOrder = working.ToList();
        foreach (var item in regular)
        {
            var key = KeyOf(item, mergeKey, required: true);
            var index = working.FindIndex(w => JsonNode.DeepEquals(KeyOf(w, mergeKey, required: false), key));
            if (index >= 0)
            {
                working[index] = MergeObject((JsonObject)working[index]!, item, itemSchema);
            }
            else
            {
                working.Add(MergeObject([], item, itemSchema));
            }
        }

        return Order(working, [.. regular], serverOrder, item => KeyOf(item, mergeKey, required: false));
    }

    /// <summary>The items of a list that replaces another: nested directives applied, marker items gone.</summary>
    private static List<JsonNode?> ReplacementItems(JsonArray patch, SchemaNode? itemSchema)
    {
        var items = new List<JsonNode?>();
        foreach (var item in patch)
        {
            if (item is JsonObject map && map.ContainsKey(PatchDirective))
            {
                continue;
            }

            if (TryMaterialize(item, itemSchema, out var value))
            {
                items.Add(value);
            }
        }

        return items;
    }

    /// <summary>
    /// Applies each <c>$setElementOrder/&lt;list&gt;</c> of the patch: merges that list with its patch list, then
    /// puts the items the directive names in its order and keeps the others where the original had them.
    /// Returns the list fields done here, which the field loop then skips.
    /// </summary>
    private static HashSet<string> ApplyElementOrders(JsonObject result, JsonObject patch, SchemaNode? schema)
    {
        var done = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (key, value) in patch)
        {
            if (!key.StartsWith(SetElementOrderPrefix, StringComparison.Ordinal))
            {
                continue;
            }

            var field = FieldOfDirective(key, SetElementOrderPrefix);
            if (field is null || value is not JsonArray order)
            {
                throw PatchErrors.BadRequest("invalid patch format of setElementOrder list");
            }

            var originalList = ListOrNull(result, field, key);
            var patchList = ListOrNull(patch, field, key);
            if ((originalList is null && patchList is null) || (patch.ContainsKey(field) && patchList is null))
            {
                continue;
            }

            var listSchema = Child(schema, field);
            var keyed = listSchema?.PatchMergeKey is not null &&
                order.Concat(patchList ?? []).Concat(originalList ?? []).Any(item => item is JsonObject);
            var mergeKey = keyed ? listSchema!.PatchMergeKey : null;
            Func<JsonNode?, JsonNode?> identity = mergeKey is null
                ? item => item
                : item => KeyOf(item, mergeKey, required: true);
            CheckPatchFollowsOrder(patchList, order, identity, field);

            var merged = patchList is null
                ? originalList!.Select(item => item?.DeepClone()).ToList()
                : MergeListField(originalList ?? [], patchList, listSchema);
            result[field] = new JsonArray([.. Order(merged, [.. order], [.. originalList ?? []], identity)]);
            done.Add(field);
        }

        return done;
    }

    /// <summary>The items of the patch list, deletions aside, must come in the directive's order.</summary>
    private static void CheckPatchFollowsOrder(
        JsonArray? patchList, JsonArray order, Func<JsonNode?, JsonNode?> identity, string field)
    {
        if (patchList is null)
        {
            return;
        }

        var items = patchList.Where(item => item is not JsonObject map || !map.ContainsKey(PatchDirective)).ToList();
        var at = 0;
        foreach (var named in order)
        {
            if (at < items.Count && JsonNode.DeepEquals(identity(items[at]), identity(named)))
            {
                at++;
            }
        }

        if (at < items.Count)
        {
            throw PatchErrors.BadRequest(
                $"the order of the patch list \"{field}\" {patchList.ToJsonString()} doesn't match the " +
                $"{SetElementOrderPrefix}/{field} list {order.ToJsonString()}");
        }
    }

    private static void DeleteFromPrimitiveList(JsonObject result, string field, JsonNode? values)
    {
        if (values is not JsonArray toDelete)
        {
            throw PatchErrors.BadRequest($"invalid patch format of primitive list: {DeleteFromPrimitiveListPrefix}/" +
                $"{field} must be a list");
        }

        if (result.TryGetPropertyValue(field, out var node) && node is JsonArray list)
        {
            var kept = list.Where(item => !toDelete.Any(d => JsonNode.DeepEquals(d, item)));
            result[field] = new JsonArray([.. kept.Select(item => item?.DeepClone())]);
        }
    }

    /// <summary>
    /// Puts a merged list in order: the items the patch (or <c>$setElementOrder</c>) names come in its order, the
    /// others in the original's order, and the two runs interleave where the original places them.
    /// </summary>
    private static List<JsonNode?> Order(
        List<JsonNode?> merged, List<JsonNode?> patchOrder, List<JsonNode?> serverOrder,
        Func<JsonNode?, JsonNode?> identity)
    {
        int IndexIn(List<JsonNode?> list, JsonNode? item)
        {
            var id = identity(item);
            var index = list.FindIndex(candidate => JsonNode.DeepEquals(identity(candidate), id));
            return index < 0 ? int.MaxValue : index;
        }

        var named = merged.Where(item => IndexIn(patchOrder, item) != int.MaxValue)
            .OrderBy(item => IndexIn(patchOrder, item)).ToList();
        var others = merged.Where(item => IndexIn(patchOrder, item) == int.MaxValue)
            .OrderBy(item => IndexIn(serverOrder, item)).ToList();

        var ordered = new List<JsonNode?>(merged.Count);
        int left = 0, right = 0;
        while (left < others.Count || right < named.Count)
        {
            if (right >= named.Count)
            {
                ordered.Add(others[left++]);
                continue;
            }

            if (left >= others.Count)
            {
                ordered.Add(named[right++]);
                continue;
            }

            var otherAt = IndexIn(serverOrder, others[left]);
            var namedAt = IndexIn(serverOrder, named[right]);
            var otherFirst = otherAt != int.MaxValue && namedAt != int.MaxValue && otherAt < namedAt;
            ordered.Add(otherFirst ? others[left++] : named[right++]);
        }

        return ordered;
    }

    /// <summary>The one JSON kind of the items of a merged list; lists of lists and mixed kinds are refused.</summary>
    private static JsonValueKind ElementKind(JsonArray original, JsonArray patch)
    {
        JsonValueKind? kind = null;
        foreach (var item in original.Concat(patch))
        {
            var itemKind = item?.GetValueKind() ?? JsonValueKind.Null;
            itemKind = itemKind == JsonValueKind.False ? JsonValueKind.True : itemKind;
            if (itemKind == JsonValueKind.Array)
            {
                throw PatchErrors.Unprocessable("lists of lists are not supported");
            }

            if (kind is not null && kind != itemKind)
            {
                throw PatchErrors.BadRequest(
                    $"list element types are not identical: {original.ToJsonString()} and {patch.ToJsonString()}");
            }

            kind = itemKind;
        }

        return kind ?? JsonValueKind.Undefined;
    }

    private static JsonNode? KeyOf(JsonNode? item, string mergeKey, bool required)
    {
        if (item is JsonObject map && map.TryGetPropertyValue(mergeKey, out var key))
        {
            return key;
        }

        return required
            ? throw PatchErrors.BadRequest(
                $"map: {item?.ToJsonString() ?? "null"} does not contain declared merge key: {mergeKey}")
            : null;
    }

    private static JsonArray? ListOrNull(JsonObject map, string field, string directive) =>
        map.TryGetPropertyValue(field, out var node) switch
        {
            false => null,
            true when node is JsonArray list => list,
            true when node is null => null,
            _ => throw PatchErrors.BadRequest(
                $"invalid patch format of setElementOrder list: {directive} orders \"{field}\", which is not a list"),
        };
}
