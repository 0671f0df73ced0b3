using System.Text.Json.Nodes;
using Orchestrator.Api.Objects;

namespace Orchestrator.Api.Validation;

/// <summary>ConfigMaps and Secrets: their keys, their size, their type, and <c>immutable: true</c>.</summary>
internal static class DataValidation
{
    public const int MaxDataSize = 1024 * 1024;

    private const string ImmutableMessage = "field is immutable when `immutable` is set";

    public static void ValidateConfigMap(JsonObject configMap, JsonObject? old, FieldErrors errors)
    {
        var size = ValidateKeys(configMap, "data", errors);
        size += ValidateKeys(configMap, "binaryData", errors);
        foreach (var key in configMap.ObjectAt("binaryData")?.Select(p => p.Key) ?? [])
        {
            if (configMap.ObjectAt("data")?.ContainsKey(key) == true)
            {
                errors.Invalid($"binaryData[{key}]", key, "duplicate of key present in data");
            }
        }

        if (size > MaxDataSize)
        {
            errors.TooLong("", MaxDataSize);
        }

        if (old?.BooleanAt("immutable") == true)
        {
            ImmutableWhenSet(configMap, old, errors, "data", "binaryData");
        }
    }

    public static void ValidateSecret(JsonObject secret, JsonObject? old, FieldErrors errors)
    {
        var size = ValidateKeys(secret, "data", errors);
        if (size > MaxDataSize)
        {
            errors.TooLong("data", MaxDataSize);
        }

        var type = secret.StringAt("type") ?? "";
        var data = secret.ObjectAt("data");
        switch (type)
        {
            case "kubernetes.io/tls":
                RequireKey(data, "tls.crt", errors);
                RequireKey(data, "tls.key", errors);
                break;
            case "kubernetes.io/dockerconfigjson":
                RequireKey(data, ".dockerconfigjson", errors);
                break;
            case "kubernetes.io/dockercfg":
                RequireKey(data, ".dockercfg", errors);
                break;
            case "kubernetes.io/ssh-auth":
                RequireKey(data, "ssh-privatekey", errors);
                break;
            case "kubernetes.io/service-account-token":
                if (secret.ObjectAt("metadata").ObjectAt("annotations")?.ContainsKey(
                        "kubernetes.io/service-account.name") != true)
                {
                    errors.Required("metadata.annotations[kubernetes.io/service-account.name]");
                }

                break;
        }

        if (old is null)
        {
            return;
        }

        var oldType = old.StringAt("type") ?? "";
        if (oldType != type)
        {
            errors.Invalid("type", type, "field is immutable");
        }

        if (old.BooleanAt("immutable") == true)
        {
            ImmutableWhenSet(secret, old, errors, "data");
        }
    }

    private static long ValidateKeys(JsonObject obj, string map, FieldErrors errors)
    {
        var size = 0L;
        foreach (var (key, value) in obj.ObjectAt(map) ?? [])
        {
            foreach (var message in NameRules.ConfigKey(key))
            {
                errors.Invalid($"{map}[{key}]", key, message);
            }

            size += value is JsonValue text && text.TryGetValue<string>(out var s) ? s.Length : 0;
        }

        return size;
    }

    private static void RequireKey(JsonObject? data, string key, FieldErrors errors)
    {
        if (data?.ContainsKey(key) != true)
        {
            errors.Required($"data[{key}]");
        }
    }

    private static void ImmutableWhenSet(JsonObject obj, JsonObject old, FieldErrors errors, params string[] maps)
    {
        if (obj.BooleanAt("immutable") != true)
        {
            errors.Forbidden("immutable", ImmutableMessage);
        }

        foreach (var map in maps)
        {
            if (!JsonNode.DeepEquals(obj[map], old[map]))
            {
                errors.Forbidden(map, ImmutableMessage);
            }
        }
    }
}
