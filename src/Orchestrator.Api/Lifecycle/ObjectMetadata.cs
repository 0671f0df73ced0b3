using System.Globalization;
using System.Text.Json.Nodes;

namespace Orchestrator.Api.Lifecycle;

/// <summary>Reads and writes the metadata fields the lifecycle rules look at.</summary>
public static class ObjectMetadata
{
    public const string OrphanFinalizer = "orphan";
    public const string ForegroundFinalizer = "foregroundDeletion";

    public static JsonObject Of(JsonObject obj) =>
        obj["metadata"] as JsonObject ?? (JsonObject)(obj["metadata"] = new JsonObject());

    public static string? DeletionTimestamp(JsonObject obj) =>
        obj["metadata"]?["deletionTimestamp"]?.GetValue<string>();

    public static bool IsDeleting(JsonObject obj) => DeletionTimestamp(obj) is not null;

    public static List<string> Finalizers(JsonObject obj) =>
        obj["metadata"]?["finalizers"] is JsonArray array
            ? array.Select(f => f?.GetValue<string>() ?? "").Where(f => f.Length > 0).ToList()
            : [];

    public static void SetFinalizers(JsonObject obj, IReadOnlyCollection<string> finalizers)
    {
        var metadata = Of(obj);
        if (finalizers.Count == 0)
        {
            metadata.Remove("finalizers");
            return;
        }

        metadata["finalizers"] = new JsonArray(finalizers.Select(f => (JsonNode)f).ToArray());
    }

    public static string Timestamp(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public static string? Uid(JsonObject obj) => obj["metadata"]?["uid"]?.GetValue<string>();

    /// <summary>The owner references of an object as (apiVersion, kind, name, uid).</summary>
    public static IReadOnlyList<OwnerReference> OwnerReferences(JsonObject obj)
    {
        if (obj["metadata"]?["ownerReferences"] is not JsonArray array)
        {
            return [];
        }

        var result = new List<OwnerReference>(array.Count);
        foreach (var item in array.OfType<JsonObject>())
        {
            result.Add(new OwnerReference(
                item["apiVersion"]?.GetValue<string>() ?? "",
                item["kind"]?.GetValue<string>() ?? "",
                item["name"]?.GetValue<string>() ?? "",
                item["uid"]?.GetValue<string>() ?? ""));
        }

        return result;
    }
}
