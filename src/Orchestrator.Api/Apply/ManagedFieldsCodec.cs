using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Orchestrator.Api.Apply;

/// <summary>
/// Reads and writes <c>metadata.managedFields</c>: one entry per owner, sorted as the apiserver sorts them (Apply
/// before Update, then by time to the second, manager, API version and subresource).
/// </summary>
public static class ManagedFieldsCodec
{
    private const string TimeFormat = "yyyy-MM-dd'T'HH:mm:ss'Z'";

    /// <summary>Reads the entries; throws <see cref="FormatException"/> for an invalid one, as the apiserver
    /// rejects it.</summary>
    public static Dictionary<ManagerKey, OwnedFields> Decode(JsonNode? managedFields)
    {
        var result = new Dictionary<ManagerKey, OwnedFields>();
        if (managedFields is null)
        {
            return result;
        }

        if (managedFields is not JsonArray entries)
        {
            throw new FormatException("managedFields must be a list");
        }

        for (var i = 0; i < entries.Count; i++)
        {
            if (entries[i] is not JsonObject entry)
            {
                throw new FormatException($"managed fields entry {i} is not an object");
            }

            var (key, owned) = DecodeEntry(entry, i);
            result[key] = owned;
        }

        return result;
    }

    /// <summary>Writes the entries sorted, or null when there are none (then the object has no managedFields).
    /// </summary>
    public static JsonArray? Encode(IReadOnlyDictionary<ManagerKey, OwnedFields> managed)
    {
        if (managed.Count == 0)
        {
            return null;
        }

        var sorted = managed
            .OrderBy(p => p.Key.Operation, StringComparer.Ordinal)
            .ThenBy(p => p.Value.Time?.ToUnixTimeSeconds() ?? 0)
            .ThenBy(p => p.Key.Manager, StringComparer.Ordinal)
            .ThenBy(p => p.Value.ApiVersion, StringComparer.Ordinal)
            .ThenBy(p => p.Key.Subresource ?? "", StringComparer.Ordinal);
        var result = new JsonArray();
        foreach (var (key, owned) in sorted)
        {
            var entry = new JsonObject();
            if (key.Manager.Length > 0)
            {
                entry["manager"] = key.Manager;
            }

            entry["operation"] = key.Operation;
            entry["apiVersion"] = owned.ApiVersion;
            if (owned.Time is { } time)
            {
                entry["time"] = FormatTime(time);
            }

            entry["fieldsType"] = "FieldsV1";
            entry["fieldsV1"] = owned.Fields.ToFieldsV1();
            if (!string.IsNullOrEmpty(key.Subresource))
            {
                entry["subresource"] = key.Subresource;
            }

            result.Add(entry);
        }

        return result;
    }

    public static string FormatTime(DateTimeOffset time) =>
        time.UtcDateTime.ToString(TimeFormat, CultureInfo.InvariantCulture);

    private static (ManagerKey Key, OwnedFields Owned) DecodeEntry(JsonObject entry, int index)
    {
        var operation = Text(entry, "operation");
        if (operation is not (ManagerKey.Apply or ManagerKey.Update))
        {
            throw new FormatException("operation must be `Apply` or `Update`");
        }

        var apiVersion = Text(entry, "apiVersion");
        if (string.IsNullOrEmpty(apiVersion))
        {
            throw new FormatException("apiVersion must not be empty");
        }

        switch (Text(entry, "fieldsType"))
        {
            case "FieldsV1":
                break;
            case null or "":
                throw new FormatException($"missing fieldsType in managed fields entry {index}");
            case var other:
                throw new FormatException($"invalid fieldsType \"{other}\" in managed fields entry {index}");
        }

        var fields = entry["fieldsV1"] switch
        {
            null => new FieldSet(),
            JsonObject encoded => FieldSet.FromFieldsV1(encoded),
            _ => throw new FormatException($"fieldsV1 of managed fields entry {index} is not an object"),
        };
        var manager = Text(entry, "manager") ?? "";
        var subresource = Text(entry, "subresource");
        var key = operation == ManagerKey.Apply
            ? ManagerKey.ForApply(manager, subresource)
            : ManagerKey.ForUpdate(manager, apiVersion, subresource);
        return (key, new OwnedFields(fields, apiVersion, ParseTime(entry["time"], index)));
    }

    private static string? Text(JsonObject entry, string name) => entry[name] switch
    {
        null => null,
        JsonValue value when value.GetValueKind() == JsonValueKind.String => value.GetValue<string>(),
        _ => throw new FormatException($"managed fields entry field {name} is not a string"),
    };

    private static DateTimeOffset? ParseTime(JsonNode? time, int index)
    {
        if (time is null)
        {
            return null;
        }

        var text = time.GetValueKind() == JsonValueKind.String ? time.GetValue<string>() : null;
        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at)
            ? at.ToUniversalTime()
            : throw new FormatException($"invalid time in managed fields entry {index}");
    }
}
