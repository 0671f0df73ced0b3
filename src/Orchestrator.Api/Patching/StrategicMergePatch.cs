using System.Text.Json.Nodes;
using Orchestrator.Api.Schema;
using Orchestrator.Api.Server;

namespace Orchestrator.Api.Patching;

/// <summary>
/// Kubernetes' strategic merge patch, the <c>application/strategic-merge-patch+json</c> that kubectl sends for a
/// client-side <c>apply</c>, <c>set image</c>, <c>rollout restart</c> and plain <c>patch</c>. Maps merge key by key
/// and a null removes a key. A list whose schema node has the <c>merge</c> strategy and a merge key merges item by
/// item on that key (new items are added); a merged list of primitives is a set union; every other list is
/// replaced. The directives <c>$patch</c> (<c>replace</c>, <c>delete</c>, <c>merge</c>), <c>$retainKeys</c>,
/// <c>$setElementOrder/&lt;list&gt;</c> and <c>$deleteFromPrimitiveList/&lt;list&gt;</c> are understood. Where the
/// schema is null or says nothing (an unknown field, <see cref="SchemaType.Any"/>) the subtree merges like a JSON
/// merge patch. Pure: the inputs are never changed and the result shares no node with them.
/// </summary>
/// <remarks>
/// The semantics, and the order of the items of a merged list, follow <c>k8s.io/apimachinery/pkg/util/
/// strategicpatch</c> (<c>StrategicMergeMapPatch</c>). Deliberate differences: <c>$patch: merge</c> on a map is a
/// plain merge (upstream rejects it); <c>$patch: replace</c> on a map the original lacks sets the map (upstream
/// drops it); nested directives in values that are added or replaced whole are applied rather than kept as
/// literal keys; a list of objects with the merge strategy but no merge key is replaced. Errors: a malformed
/// directive, an unknown <c>$patch</c> value or directive, a merged item without its merge key, or a
/// <c>$setElementOrder</c> list that contradicts the patch list is 400 BadRequest (upstream answers some of these
/// with 500); a list of lists in a merged list is 422 Invalid with kube-apiserver's generic message.
/// </remarks>
public static partial class StrategicMergePatch
{
    private const string PatchDirective = "$patch";
    private const string RetainKeysDirective = "$retainKeys";
    private const string SetElementOrderPrefix = "$setElementOrder";
    private const string DeleteFromPrimitiveListPrefix = "$deleteFromPrimitiveList";

    /// <summary>
    /// Applies <paramref name="patch"/> to <paramref name="original"/>, reading list strategies and merge keys from
    /// <paramref name="schema"/>, the schema node of the whole object (null for none). Returns a new object.
    /// </summary>
    /// <exception cref="ApiException">400 BadRequest for a malformed patch; 422 for a list of lists.</exception>
    public static JsonObject Apply(JsonObject original, JsonObject patch, SchemaNode? schema)
    {
        ArgumentNullException.ThrowIfNull(original);
        ArgumentNullException.ThrowIfNull(patch);

        return MergeObject(original, patch, schema);
    }

    private static JsonObject MergeObject(JsonObject original, JsonObject patch, SchemaNode? schema) =>
        ReadPatchDirective(patch, inList: false) switch
        {
            "delete" => [],
            "replace" => MergeFields([], patch, schema),
            _ => MergeFields((JsonObject)original.DeepClone(), patch, schema),
        };

    private static JsonObject MergeFields(JsonObject result, JsonObject patch, SchemaNode? schema)
    {
        if (patch.TryGetPropertyValue(RetainKeysDirective, out var retainKeys))
        {
            RetainKeys(result, patch, retainKeys);
        }

        var ordered = ApplyElementOrders(result, patch, schema);

        var deletions = new List<(string Field, JsonNode? Values)>();
        foreach (var (key, value) in patch)
        {
            if (key is PatchDirective or RetainKeysDirective || ordered.Contains(key) ||
                key.StartsWith(SetElementOrderPrefix, StringComparison.Ordinal))
            {
                continue;
            }

            if (key.StartsWith(DeleteFromPrimitiveListPrefix, StringComparison.Ordinal))
            {
                var field = FieldOfDirective(key, DeleteFromPrimitiveListPrefix)
                    ?? throw PatchErrors.BadRequest("invalid patch format of primitive list");
                deletions.Add((field, value));
                continue;
            }

            if (key.StartsWith('$') && schema is { Properties.Count: > 0 } && !schema.Properties.ContainsKey(key))
            {
                throw PatchErrors.BadRequest(
                    $"unknown directive \"{key}\" in the patch: the directives are {PatchDirective}, " +
                    $"{RetainKeysDirective}, {SetElementOrderPrefix}/<list> and " +
                    $"{DeleteFromPrimitiveListPrefix}/<list>");
            }

            MergeField(result, key, value, Child(schema, key));
        }

        foreach (var (field, values) in deletions)
        {
            DeleteFromPrimitiveList(result, field, values);
        }

        return result;
    }

    private static void MergeField(JsonObject result, string key, JsonNode? patchValue, SchemaNode? schema)
    {
        if (patchValue is null)
        {
            result.Remove(key);
            return;
        }

        result.TryGetPropertyValue(key, out var existing);
        switch (existing, patchValue)
        {
            case (JsonObject map, JsonObject patchMap) when !HasStrategy(schema, "replace"):
                result[key] = MergeObject(map, patchMap, schema);
                break;
            case (JsonArray list, JsonArray patchList):
                result[key] = new JsonArray([.. MergeListField(list, patchList, schema)]);
                break;
            default:
                if (TryMaterialize(patchValue, schema, out var value))
                {
                    result[key] = value;
                }
                else
                {
                    result.Remove(key);
                }

                break;
        }
    }

    /// <summary>
    /// The value a patch value stands for where there is nothing to merge it into: directives applied, nulls
    /// dropped. False for a map that deletes itself.
    /// </summary>
    private static bool TryMaterialize(JsonNode? patchValue, SchemaNode? schema, out JsonNode? value)
    {
        value = null;
        switch (patchValue)
        {
            case JsonObject map when ReadPatchDirective(map, inList: false) == "delete":
                return false;
            case JsonObject map:
                value = MergeObject([], map, schema);
                return true;
            case JsonArray list:
                value = new JsonArray([.. MergeListField([], list, schema)]);
                return true;
            default:
                value = patchValue?.DeepClone();
                return true;
        }
    }

    private static void RetainKeys(JsonObject result, JsonObject patch, JsonNode? directive)
    {
        if (directive is not JsonArray list)
        {
            throw PatchErrors.BadRequest("invalid patch format of retainKeys");
        }

        var retained = list.OfType<JsonValue>()
            .Select(v => v.TryGetValue<string>(out var name) ? name : null)
            .OfType<string>()
            .ToHashSet(StringComparer.Ordinal);

        foreach (var (key, value) in patch)
        {
            if (value is null || key is PatchDirective or RetainKeysDirective ||
                key.StartsWith(SetElementOrderPrefix, StringComparison.Ordinal) ||
                key.StartsWith(DeleteFromPrimitiveListPrefix, StringComparison.Ordinal))
            {
                continue;
            }

            if (!retained.Contains(key))
            {
                throw PatchErrors.BadRequest(
                    $"invalid patch format of retainKeys: the patch sets \"{key}\", which {RetainKeysDirective} " +
                    "does not list");
            }
        }

        foreach (var key in result.Select(p => p.Key).Where(k => !retained.Contains(k)).ToList())
        {
            result.Remove(key);
        }
    }

    /// <summary>The <c>$patch</c> of a map: null when absent, else replace, delete or merge.</summary>
    private static string? ReadPatchDirective(JsonObject map, bool inList)
    {
        if (!map.TryGetPropertyValue(PatchDirective, out var node))
        {
            return null;
        }

        var directive = node is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
        return directive switch
        {
            "replace" or "delete" => directive,
            "merge" when !inList => directive,
            "merge" => throw PatchErrors.BadRequest("merging lists cannot yet be specified in the patch"),
            _ => throw PatchErrors.BadRequest(
                $"unknown patch type: {node?.ToJsonString() ?? "null"} in map: {map.ToJsonString()}"),
        };
    }

    /// <summary>The list field a <c>$prefix/field</c> directive names, or null when it is malformed.</summary>
    private static string? FieldOfDirective(string key, string prefix)
    {
        var slash = key.IndexOf('/', StringComparison.Ordinal);
        return slash == prefix.Length && key.AsSpan(0, slash).SequenceEqual(prefix) && slash + 1 < key.Length
            ? key[(slash + 1)..]
            : null;
    }

    private static SchemaNode? Child(SchemaNode? schema, string key) =>
        schema?.Property(key) ?? (schema?.Type == SchemaType.Map ? schema.Items : null);

    private static bool HasStrategy(SchemaNode? schema, string strategy) =>
        schema?.PatchStrategy?.Split(',').Contains(strategy) == true;
}
