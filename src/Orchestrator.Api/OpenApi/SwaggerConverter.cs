using System.Text.Json.Nodes;

namespace Orchestrator.Api.OpenApi;

/// <summary>
/// Rewrites the OpenAPI v3 documents this server publishes in Swagger 2.0 terms, the dialect kube-openapi's v2 parser
/// (kubectl before 1.30: validation, explain, patch metadata) understands: references point into
/// <c>#/definitions/</c> and stand alone instead of inside <c>allOf</c>, parameters carry their type directly,
/// request bodies become <c>body</c> parameters, and content types move to <c>consumes</c> and <c>produces</c>.
/// </summary>
internal static class SwaggerConverter
{
    private const string ComponentPrefix = "#/components/schemas/";
    private const string DefinitionPrefix = "#/definitions/";
    private const string KindsExtension = "x-kubernetes-group-version-kind";

    private static readonly string[] Methods = ["get", "put", "post", "delete", "patch"];

    /// <summary>
    /// Adds the paths and schemas of one v3 document. A schema another document already added (meta types such as
    /// DeleteOptions appear in every group version) keeps its first form and gains the other's kind tags.
    /// </summary>
    public static void Add(JsonObject document, JsonObject paths, SortedDictionary<string, JsonObject> definitions)
    {
        foreach (var (path, item) in document["paths"]?.AsObject() ?? [])
        {
            paths[path] = PathItem(item!.AsObject());
        }

        foreach (var (name, schema) in document["components"]?["schemas"]?.AsObject() ?? [])
        {
            var converted = Schema(schema!.AsObject());
            if (definitions.TryGetValue(name, out var existing))
            {
                MergeKinds(existing, converted);
            }
            else
            {
                definitions[name] = converted;
            }
        }
    }

    /// <summary>A v3 schema as a Swagger 2.0 schema.</summary>
    public static JsonObject Schema(JsonObject schema)
    {
        var result = new JsonObject();
        var reference = SoleReference(schema);
        if (reference is not null)
        {
            // kube-openapi reads a reference with its description and extensions, but no type or default.
            result["$ref"] = reference;
        }

        foreach (var (key, value) in schema)
        {
            switch (key)
            {
                case "allOf" when reference is not null:
                case "default" when reference is not null:
                    break;
                case "$ref":
                    result[key] = Reference((string)value!);
                    break;
                case "oneOf":
                    // Kubernetes publishes int-or-string and Quantity as strings in v2; the format tells them apart.
                    result["type"] = "string";
                    break;
                case "properties":
                    var properties = new JsonObject();
                    foreach (var (name, property) in value!.AsObject())
                    {
                        properties[name] = Schema(property!.AsObject());
                    }

                    result[key] = properties;
                    break;
                case "items" or "additionalProperties" when value is JsonObject nested:
                    result[key] = Schema(nested);
                    break;
                case "allOf" or "anyOf":
                    result[key] = new JsonArray(
                        value!.AsArray().Select(s => (JsonNode)Schema(s!.AsObject())).ToArray());
                    break;
                default:
                    result[key] = value?.DeepClone();
                    break;
            }
        }

        return result;
    }

    private static JsonObject PathItem(JsonObject item)
    {
        var result = new JsonObject();
        foreach (var method in Methods)
        {
            if (item[method] is JsonObject operation)
            {
                result[method] = Operation(operation);
            }
        }

        if (item["parameters"] is JsonArray parameters)
        {
            result["parameters"] = Parameters(parameters);
        }

        return result;
    }

    private static JsonObject Operation(JsonObject operation)
    {
        var result = new JsonObject();
        var parameters = operation["parameters"] is JsonArray list ? Parameters(list) : [];
        if (operation["requestBody"] is JsonObject body)
        {
            var content = body["content"]!.AsObject();
            result["consumes"] = Strings(content.Select(c => c.Key));
            parameters.Insert(0, new JsonObject
            {
                ["in"] = "body",
                ["name"] = "body",
                ["required"] = true,
                ["schema"] = Schema(content.First().Value!["schema"]!.AsObject()),
            });
        }

        var produces = new List<string>();
        var responses = new JsonObject();
        foreach (var (code, response) in operation["responses"]?.AsObject() ?? [])
        {
            var converted = new JsonObject();
            CopyIfPresent(response!.AsObject(), converted, "description");
            if (response["content"] is JsonObject content && content.Count > 0)
            {
                produces.AddRange(content.Select(c => c.Key).Where(t => !produces.Contains(t)));
                converted["schema"] = Schema(content.First().Value!["schema"]!.AsObject());
            }

            responses[code] = converted;
        }

        CopyIfPresent(operation, result, "description");
        result["parameters"] = parameters;
        if (produces.Count > 0)
        {
            result["produces"] = Strings(produces);
        }

        result["responses"] = responses;
        CopyIfPresent(operation, result, "tags");
        foreach (var (key, value) in operation.Where(p => p.Key.StartsWith("x-", StringComparison.Ordinal)))
        {
            result[key] = value?.DeepClone();
        }

        return result;
    }

    private static JsonArray Parameters(JsonArray parameters)
    {
        var result = new JsonArray();
        foreach (var parameter in parameters.OfType<JsonObject>())
        {
            var converted = new JsonObject();
            foreach (var (key, value) in parameter)
            {
                if (key == "schema")
                {
                    // A v2 parameter that is not the body names its type and constraints itself.
                    foreach (var (constraint, detail) in value!.AsObject())
                    {
                        converted[constraint] = detail?.DeepClone();
                    }
                }
                else
                {
                    converted[key] = value?.DeepClone();
                }
            }

            result.Add(converted);
        }

        return result;
    }

    private static string? SoleReference(JsonObject schema) =>
        schema["allOf"] is JsonArray { Count: 1 } allOf && allOf[0]?["$ref"] is JsonValue reference
            ? Reference((string)reference!)
            : null;

    private static string Reference(string reference) =>
        reference.StartsWith(ComponentPrefix, StringComparison.Ordinal)
            ? DefinitionPrefix + reference[ComponentPrefix.Length..]
            : reference;

    private static void MergeKinds(JsonObject existing, JsonObject added)
    {
        if (added[KindsExtension] is not JsonArray tags)
        {
            return;
        }

        if (existing[KindsExtension] is not JsonArray merged)
        {
            merged = [];
            existing[KindsExtension] = merged;
        }

        foreach (var tag in tags)
        {
            if (!merged.Any(t => JsonNode.DeepEquals(t, tag)))
            {
                merged.Add(tag!.DeepClone());
            }
        }
    }

    private static void CopyIfPresent(JsonObject source, JsonObject target, string key)
    {
        if (source[key] is { } value)
        {
            target[key] = value.DeepClone();
        }
    }

    private static JsonArray Strings(IEnumerable<string> values) =>
        new(values.Select(v => (JsonNode)JsonValue.Create(v)).ToArray());
}
