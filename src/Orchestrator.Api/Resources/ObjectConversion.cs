using System.Text.Json.Nodes;

namespace Orchestrator.Api.Resources;

/// <summary>
/// Converts objects between the form a resource serves and the form the store keeps. They are the same except
/// where two resources share storage: events.k8s.io/v1 events are kept as core/v1 events, so both views list the
/// same events.
/// </summary>
public static class ObjectConversion
{
    // (events.k8s.io/v1 field, core/v1 field)
    private static readonly (string Served, string Stored)[] EventFields =
    [
        ("regarding", "involvedObject"),
        ("note", "message"),
        ("reportingController", "reportingComponent"),
        ("deprecatedSource", "source"),
        ("deprecatedFirstTimestamp", "firstTimestamp"),
        ("deprecatedLastTimestamp", "lastTimestamp"),
        ("deprecatedCount", "count"),
    ];

    /// <summary>Whether the resource is served in a form other than the stored one.</summary>
    public static bool Converts(ResourceDefinition resource) => resource.Group == "events.k8s.io";

    /// <summary>The stored object as the resource serves it (the same instance when no conversion applies).</summary>
    public static JsonObject ToServed(ResourceDefinition resource, JsonObject stored)
    {
        if (!Converts(resource))
        {
            return stored;
        }

        var served = Rename(stored, EventFields.Select(f => (f.Stored, f.Served)));
        served["apiVersion"] = resource.ApiVersion;
        served["kind"] = resource.Kind;
        return served;
    }

    /// <summary>The served object in the stored form (the same instance when no conversion applies).</summary>
    public static JsonObject ToStored(ResourceDefinition resource, JsonObject served)
    {
        if (!Converts(resource))
        {
            return served;
        }

        var stored = Rename(served, EventFields);
        stored["apiVersion"] = "v1";
        stored["kind"] = "Event";
        return stored;
    }

    /// <summary>A field selector on the served form, rewritten for the stored form.</summary>
    public static string? StoredFieldSelector(ResourceDefinition resource, string? selector)
    {
        if (selector is null || !Converts(resource))
        {
            return selector;
        }

        var parts = selector.Split(',');
        for (var i = 0; i < parts.Length; i++)
        {
            foreach (var (served, stored) in EventFields)
            {
                if (parts[i].StartsWith(served + ".", StringComparison.Ordinal) ||
                    parts[i].StartsWith(served + "=", StringComparison.Ordinal) ||
                    parts[i].StartsWith(served + "!", StringComparison.Ordinal))
                {
                    parts[i] = stored + parts[i][served.Length..];
                }
            }
        }

        return string.Join(',', parts);
    }

    private static JsonObject Rename(JsonObject source, IEnumerable<(string From, string To)> renames)
    {
        var result = (JsonObject)source.DeepClone();
        foreach (var (from, to) in renames)
        {
            if (result.Remove(from, out var value))
            {
                result[to] = value;
            }
        }

        return result;
    }
}
