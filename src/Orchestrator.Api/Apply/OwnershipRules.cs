using System.Text.Json.Nodes;

namespace Orchestrator.Api.Apply;

/// <summary>The bookkeeping both apply and update share: the fields nobody owns, the cap on update entries, and
/// reading and writing the entries on an object.</summary>
internal static class OwnershipRules
{
    public const int MaxUpdateEntries = 10;
    public const string AncientChanges = "ancient-changes";

    /// <summary>Fields the server controls: never owned (only these exact paths; what lies below stays).</summary>
    private static readonly FieldSet ServerControlled = FieldSet.OfFields(
        "apiVersion", "kind", "metadata", "metadata.name", "metadata.namespace", "metadata.creationTimestamp",
        "metadata.selfLink", "metadata.uid", "metadata.clusterName", "metadata.generation", "metadata.managedFields",
        "metadata.resourceVersion");

    /// <summary>Drops the server-controlled fields from every entry, then the entries left empty.</summary>
    public static void StripServerControlled(Dictionary<ManagerKey, OwnedFields> managed)
    {
        foreach (var (key, owned) in managed.ToList())
        {
            var fields = owned.Fields.Difference(ServerControlled);
            if (fields.IsEmpty)
            {
                managed.Remove(key);
            }
            else
            {
                managed[key] = owned with { Fields = fields };
            }
        }
    }

    /// <summary>
    /// Keeps at most ten update entries: the oldest are folded, per API version, into one entry named
    /// <c>ancient-changes</c>.
    /// </summary>
    public static void CapUpdateEntries(Dictionary<ManagerKey, OwnedFields> managed)
    {
        var updaters = managed.Where(p => p.Key.Operation == ManagerKey.Update)
            .OrderBy(p => p.Value.Time?.ToUnixTimeSeconds() ?? 0)
            .ThenBy(p => p.Key.Identifier, StringComparer.Ordinal)
            .Select(p => p.Key)
            .ToList();
        var count = updaters.Count;
        var firstOfVersion = new Dictionary<string, ManagerKey>();
        for (var i = 0; i < updaters.Count && count > MaxUpdateEntries; i++)
        {
            var key = updaters[i];
            var owned = managed[key];
            if (!firstOfVersion.TryGetValue(owned.ApiVersion, out var first))
            {
                firstOfVersion[owned.ApiVersion] = key;
                continue;
            }

            var bucket = ManagerKey.ForUpdate(AncientChanges, owned.ApiVersion, null);
            if (!managed.ContainsKey(bucket))
            {
                managed[bucket] = managed[first];
                managed.Remove(first);
            }

            managed[bucket] = new OwnedFields(owned.Fields.Union(managed[bucket].Fields), owned.ApiVersion, owned.Time);
            managed.Remove(key);
            count--;
        }
    }

    public static JsonNode? ManagedFieldsOf(JsonObject? obj) =>
        obj?["metadata"] is JsonObject metadata ? metadata["managedFields"] : null;

    public static bool HasManagedFields(JsonObject obj) =>
        obj["metadata"] is JsonObject metadata && metadata.ContainsKey("managedFields");

    /// <summary>A copy of the object without <c>metadata.managedFields</c>.</summary>
    public static JsonObject WithoutManagedFields(JsonObject obj)
    {
        var copy = obj.DeepClone().AsObject();
        RemoveManagedFields(copy);
        return copy;
    }

    public static void RemoveManagedFields(JsonObject obj) => (obj["metadata"] as JsonObject)?.Remove("managedFields");

    public static void WriteManagedFields(JsonObject obj, Dictionary<ManagerKey, OwnedFields> managed)
    {
        RemoveManagedFields(obj);
        if (ManagedFieldsCodec.Encode(managed) is { } encoded)
        {
            if (obj["metadata"] is not JsonObject metadata)
            {
                metadata = new JsonObject();
                obj["metadata"] = metadata;
            }

            metadata["managedFields"] = encoded;
        }
    }

    /// <summary>Takes the changed fields from every other owner, and the removed fields from everyone.</summary>
    public static void TakeFromOthers(
        Dictionary<ManagerKey, OwnedFields> managed, ManagerKey writer, ObjectComparison comparison)
    {
        var changed = comparison.Changed;
        foreach (var (key, owned) in managed.ToList())
        {
            if (key == writer)
            {
                continue;
            }

            var fields = owned.Fields.Difference(changed).Difference(comparison.Removed);
            if (fields.IsEmpty)
            {
                managed.Remove(key);
            }
            else
            {
                managed[key] = owned with { Fields = fields };
            }
        }
    }
}
