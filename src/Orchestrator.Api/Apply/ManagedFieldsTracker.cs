using System.Text.Json.Nodes;
using Orchestrator.Api.Schema;

namespace Orchestrator.Api.Apply;

/// <summary>
/// Tracks ownership for writes that are not applies (create, update, patch): the writer takes the fields it added
/// or changed, from everyone else, under an <c>Update</c> entry for its API version.
/// </summary>
public static class ManagedFieldsTracker
{
    /// <summary>Records a write to the main resource, with no reset fields; see the overload below.</summary>
    public static void RecordUpdate(
        JsonObject? previous, JsonObject updated, string manager, string apiVersion, SchemaNode schema,
        DateTimeOffset now) =>
        RecordUpdate(previous, updated, manager, apiVersion, schema, now, subresource: null, resetFields: null);

    /// <summary>
    /// Writes <c>updated.metadata.managedFields</c> for a write by <paramref name="manager"/> that turned
    /// <paramref name="previous"/> (null on create) into <paramref name="updated"/>. The managedFields the request
    /// body carries replace the tracked ones when they are valid and not empty; an empty list (or a list of one empty
    /// entry) clears them, and an object without managedFields is then left untracked until the next apply. A
    /// subresource write ignores the body's managedFields. Never throws for bad managedFields: it keeps the tracked
    /// ones instead. Changes only <paramref name="updated"/>.
    /// </summary>
    public static void RecordUpdate(
        JsonObject? previous, JsonObject updated, string manager, string apiVersion, SchemaNode schema,
        DateTimeOffset now, string? subresource, FieldSet? resetFields)
    {
        var managed = ChooseManagedFields(previous, updated, subresource);
        OwnershipRules.RemoveManagedFields(updated);
        if (managed.Count == 0 && previous is not null)
        {
            return;
        }

        var previousBody = previous is null ? new JsonObject() : OwnershipRules.WithoutManagedFields(previous);
        var comparison = ObjectComparison.Compare(previousBody, updated, schema).Excluding(resetFields);
        var writer = ManagerKey.ForUpdate(manager, apiVersion, subresource);
        OwnershipRules.TakeFromOthers(managed, writer, comparison);

        var changed = comparison.Changed;
        var kept = managed.GetValueOrDefault(writer)?.Fields.Difference(comparison.Removed) ?? new FieldSet();
        if (!changed.IsEmpty)
        {
            managed[writer] = new OwnedFields(kept.Union(changed), apiVersion, now);
        }
        else if (kept.IsEmpty)
        {
            managed.Remove(writer);
        }
        else
        {
            managed[writer] = managed[writer] with { Fields = kept };
        }

        OwnershipRules.StripServerControlled(managed);
        OwnershipRules.CapUpdateEntries(managed);
        OwnershipRules.WriteManagedFields(updated, managed);
    }

    /// <summary>Whether a request's managedFields ask to clear them: an empty list, or one empty entry.</summary>
    public static bool AsksToReset(JsonNode? managedFields) =>
        managedFields is JsonArray { Count: 0 } ||
        (managedFields is JsonArray { Count: 1 } entries && entries[0] is JsonObject { Count: 0 });

    private static Dictionary<ManagerKey, OwnedFields> ChooseManagedFields(
        JsonObject? previous, JsonObject updated, string? subresource)
    {
        var requested = OwnershipRules.ManagedFieldsOf(updated);
        if (string.IsNullOrEmpty(subresource))
        {
            if (AsksToReset(requested))
            {
                return [];
            }

            var fromRequest = TryDecode(requested);
            if (fromRequest is { Count: > 0 })
            {
                return fromRequest;
            }
        }

        return TryDecode(OwnershipRules.ManagedFieldsOf(previous)) ?? [];
    }

    private static Dictionary<ManagerKey, OwnedFields>? TryDecode(JsonNode? managedFields)
    {
        try
        {
            return ManagedFieldsCodec.Decode(managedFields);
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
