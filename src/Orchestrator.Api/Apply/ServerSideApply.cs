using System.Text.Json.Nodes;
using Orchestrator.Api.Schema;
using Orchestrator.Api.Server;

namespace Orchestrator.Api.Apply;

/// <summary>
/// Server-side apply (<c>application/apply-patch+yaml</c>): merges an applier's configuration into the live object
/// and records in <c>metadata.managedFields</c> that the applier owns exactly the fields of its configuration.
/// </summary>
public static class ServerSideApply
{
    /// <summary>The fields a main resource with a status subresource resets: its status.</summary>
    public static FieldSet MainResourceResetFields() => FieldSet.OfFields("status");

    /// <summary>
    /// The fields a status subresource resets, as for Deployments: the spec and the labels. Some kinds reset more
    /// (Pods also reset <c>metadata.deletionTimestamp</c> and <c>metadata.ownerReferences</c>).
    /// </summary>
    public static FieldSet StatusResetFields() => FieldSet.OfFields("spec", "metadata.labels");

    /// <summary>Applies to the main resource, with no reset fields; see the overload below.</summary>
    public static JsonObject Apply(
        JsonObject? live, JsonObject applied, string manager, bool force, SchemaNode schema, DateTimeOffset now) =>
        Apply(live, applied, manager, force, schema, now, subresource: null, resetFields: null);

    /// <summary>
    /// Applies <paramref name="applied"/> for <paramref name="manager"/> to <paramref name="live"/> (null when the
    /// apply creates the object) and returns the new object with its managedFields. Fields the manager applied last
    /// time and leaves out now are removed unless another owner owns them. Re-applying the same configuration
    /// returns the live object unchanged, entry times included, as the apiserver does. Neither input is changed.
    /// </summary>
    /// <param name="subresource">The subresource applied to (<c>status</c>), or null for the main resource.</param>
    /// <param name="resetFields">Fields the server resets on this endpoint (see <see cref="MainResourceResetFields"/>):
    /// never owned, never in conflict, and kept at their live values.</param>
    /// <exception cref="ApiException">409 Conflict with <c>FieldManagerConflict</c> causes when the configuration
    /// changes fields other owners own and <paramref name="force"/> is false; 400 when the configuration carries
    /// managedFields or a list item lacks its keys.</exception>
    public static JsonObject Apply(
        JsonObject? live, JsonObject applied, string manager, bool force, SchemaNode schema, DateTimeOffset now,
        string? subresource, FieldSet? resetFields)
    {
        if (OwnershipRules.ManagedFieldsOf(applied) is not null)
        {
            throw ApiErrors.BadRequest("metadata.managedFields must be nil");
        }

        var managed = DecodeLive(live);
        var liveBody = live is null ? new JsonObject() : OwnershipRules.WithoutManagedFields(live);
        var apiVersion = applied["apiVersion"]?.GetValue<string>() ?? "";
        var applier = ManagerKey.ForApply(manager, subresource);

        var merged = ObjectMerge.Merge(liveBody, applied, schema);
        var appliedFields = FieldSet.FromObject(applied, schema);
        if (resetFields is not null)
        {
            appliedFields = appliedFields.RecursiveDifference(resetFields);
        }

        var lastApplied = managed.GetValueOrDefault(applier);
        managed[applier] = new OwnedFields(appliedFields, apiVersion, lastApplied?.Time);

        if (lastApplied is not null && !lastApplied.Fields.IsEmpty)
        {
            var owned = managed.Values.Aggregate(new FieldSet(), (all, o) => all.Union(o.Fields));
            OwnershipPruner.Prune(merged, schema, lastApplied.Fields, owned);
        }

        DropNulls(merged);
        if (resetFields is not null)
        {
            ResetFrom(live is null ? null : liveBody, merged, resetFields);
        }

        var comparison = ObjectComparison.Compare(liveBody, merged, schema).Excluding(resetFields);
        if (!force)
        {
            ThrowOnConflicts(managed, applier, comparison.Changed);
        }

        OwnershipRules.TakeFromOthers(managed, applier, comparison);

        var unchanged = live is not null && JsonNode.DeepEquals(liveBody, merged);
        var result = unchanged ? liveBody : merged;
        if (!unchanged)
        {
            managed[applier] = managed[applier] with { Time = now };
        }

        OwnershipRules.StripServerControlled(managed);
        OwnershipRules.WriteManagedFields(result, managed);
        return result;
    }

    private static Dictionary<ManagerKey, OwnedFields> DecodeLive(JsonObject? live)
    {
        try
        {
            return ManagedFieldsCodec.Decode(OwnershipRules.ManagedFieldsOf(live));
        }
        catch (FormatException e)
        {
            throw ApiErrors.Internal($"failed to decode managed fields: {e.Message}");
        }
    }

    private static void ThrowOnConflicts(
        Dictionary<ManagerKey, OwnedFields> managed, ManagerKey applier, FieldSet changed)
    {
        var conflicts = new List<(ManagerKey, FieldPath)>();
        foreach (var (key, owned) in managed)
        {
            if (key != applier)
            {
                conflicts.AddRange(owned.Fields.Intersection(changed).Paths().Select(p => (key, p)));
            }
        }

        if (conflicts.Count > 0)
        {
            throw ApplyConflicts.ToException(conflicts);
        }
    }

    /// <summary>Nulls in a configuration clear fields: the stored object has no nulls.</summary>
    private static void DropNulls(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject fields:
                foreach (var key in fields.Where(p => p.Value is null).Select(p => p.Key).ToList())
                {
                    fields.Remove(key);
                }

                foreach (var (_, value) in fields)
                {
                    DropNulls(value);
                }

                break;
            case JsonArray items:
                foreach (var item in items)
                {
                    DropNulls(item);
                }

                break;
        }
    }

    /// <summary>Puts the live values back at the reset paths (field names only), or removes them on create.</summary>
    private static void ResetFrom(JsonObject? live, JsonObject merged, FieldSet resetFields)
    {
        foreach (var path in resetFields.Paths())
        {
            if (path.Elements.Any(e => e.Kind != PathElementKind.Field))
            {
                continue;
            }

            var names = path.Elements.Select(e => e.FieldName!).ToList();
            var target = Navigate(merged, names.SkipLast(1), create: false);
            var source = live is null ? null : Navigate(live, names.SkipLast(1), create: false);
            JsonNode? liveValue = null;
            var hasLive = source?.TryGetPropertyValue(names[^1], out liveValue) == true;
            if (hasLive)
            {
                Navigate(merged, names.SkipLast(1), create: true)![names[^1]] = liveValue?.DeepClone();
            }
            else
            {
                target?.Remove(names[^1]);
            }
        }
    }

    private static JsonObject? Navigate(JsonObject root, IEnumerable<string> names, bool create)
    {
        var current = root;
        foreach (var name in names)
        {
            if (current[name] is not JsonObject next)
            {
                if (!create)
                {
                    return null;
                }

                next = new JsonObject();
                current[name] = next;
            }

            current = next;
        }

        return current;
    }
}
