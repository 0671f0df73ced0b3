using System.Text.Json.Nodes;
using Orchestrator.Api.Schema;

namespace Orchestrator.Api.OpenApi;

/// <summary>
/// Writes schema trees as OpenAPI v3 <c>components.schemas</c>, shaped as Kubernetes shapes them: one component per
/// named type, properties that point at it through <c>allOf</c> and <c>$ref</c>, and the patch and list extensions.
/// </summary>
internal sealed class OpenApiSchemaWriter
{
    private const string RefPrefix = "#/components/schemas/";

    private readonly SortedDictionary<string, JsonObject> _components = new(StringComparer.Ordinal);

    /// <summary>The components written so far, by name.</summary>
    public JsonObject Components()
    {
        var result = new JsonObject();
        foreach (var (name, schema) in _components)
        {
            result[name] = schema;
        }

        return result;
    }

    /// <summary>Writes the component of a top-level kind, tagged with its group, version and kind.</summary>
    public string AddKind(SchemaNode schema, string group, string version, string kind)
    {
        var name = Add(schema);
        var tags = _components[name]["x-kubernetes-group-version-kind"] as JsonArray ?? [];
        if (!tags.OfType<JsonObject>().Any(t => Same(t, group, version, kind)))
        {
            tags.Add(new JsonObject { ["group"] = group, ["kind"] = kind, ["version"] = version });
        }

        _components[name]["x-kubernetes-group-version-kind"] = tags;
        return name;
    }

    /// <summary>A reference to a component, for request bodies and responses.</summary>
    public static JsonObject Ref(string name) => new() { ["$ref"] = RefPrefix + name };

    private string Add(SchemaNode node)
    {
        var name = node.TypeName ?? throw new ArgumentException("Only named types become components.", nameof(node));
        if (_components.ContainsKey(name))
        {
            return name;
        }

        var component = new JsonObject();
        _components[name] = component;
        SetIfPresent(component, "description", node.TypeDescription);
        var properties = new JsonObject();
        foreach (var (propertyName, property) in node.Properties.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            properties[propertyName] = Property(property, inArray: false);
        }

        component["properties"] = properties;
        if (node.Required.Count > 0)
        {
            component["required"] = new JsonArray(node.Required.Order(StringComparer.Ordinal)
                .Select(r => (JsonNode)JsonValue.Create(r)).ToArray());
        }

        component["type"] = "object";
        return name;
    }

    private JsonObject Property(SchemaNode node, bool inArray)
    {
        var result = Shape(node, inArray);
        if (!inArray)
        {
            SetIfPresent(result, "description", node.Description);
        }

        SetIfPresent(result, "x-kubernetes-list-type", node.ListType);
        if (node.ListMapKeys.Count > 0)
        {
            result["x-kubernetes-list-map-keys"] =
                new JsonArray(node.ListMapKeys.Select(k => (JsonNode)JsonValue.Create(k)).ToArray());
        }

        SetIfPresent(result, "x-kubernetes-map-type", node.MapType);
        SetIfPresent(result, "x-kubernetes-patch-merge-key", node.PatchMergeKey);
        SetIfPresent(result, "x-kubernetes-patch-strategy", node.PatchStrategy);
        return result;
    }

    private JsonObject Shape(SchemaNode node, bool inArray)
    {
        switch (node.Type)
        {
            case SchemaType.Object when node.TypeName is not null:
                var reference = new JsonObject { ["allOf"] = new JsonArray(Ref(Add(node))) };
                if (inArray)
                {
                    reference["default"] = new JsonObject();
                }

                return reference;
            case SchemaType.DateTime or SchemaType.IntOrString or SchemaType.Quantity when node.TypeName is not null:
                AddScalar(node);
                return new JsonObject { ["allOf"] = new JsonArray(Ref(node.TypeName)) };
            case SchemaType.Any when node.TypeName is not null:
                return new JsonObject { ["allOf"] = new JsonArray(Ref(node.TypeName)) };
            case SchemaType.Array:
                return new JsonObject
                {
                    ["items"] = node.Items is null ? new JsonObject() : Property(node.Items, inArray: true),
                    ["type"] = "array",
                };
            case SchemaType.Map:
                return new JsonObject
                {
                    ["additionalProperties"] = node.Items is null ? new JsonObject() : Property(node.Items, true),
                    ["type"] = "object",
                };
            case SchemaType.Any:
                return new JsonObject { ["type"] = "object", ["x-kubernetes-preserve-unknown-fields"] = true };
            default:
                return Scalar(node);
        }
    }

    private void AddScalar(SchemaNode node)
    {
        var name = node.TypeName!;
        if (!_components.ContainsKey(name))
        {
            _components[name] = Scalar(node);
        }
    }

    private static JsonObject Scalar(SchemaNode node)
    {
        var (type, format) = node.Type switch
        {
            SchemaType.Boolean => ("boolean", null),
            SchemaType.Integer => ("integer", node.Format),
            SchemaType.Number => ("number", node.Format ?? "double"),
            SchemaType.Bytes => ("string", "byte"),
            SchemaType.DateTime => ("string", "date-time"),
            SchemaType.IntOrString => ("string", "int-or-string"),
            SchemaType.Quantity => ("string", null),
            _ => ("string", node.Format),
        };
        var result = new JsonObject();
        SetIfPresent(result, "format", format);
        if (node.Type is SchemaType.IntOrString or SchemaType.Quantity)
        {
            // Either JSON type is valid, as Kubernetes publishes these two in OpenAPI v3.
            var alternatives = node.Type == SchemaType.IntOrString
                ? new[] { "integer", "string" }
                : ["string", "number"];
            result["oneOf"] = new JsonArray(alternatives.Select(a => (JsonNode)new JsonObject { ["type"] = a })
                .ToArray());
            return result;
        }

        result["type"] = type;
        return result;
    }

    private static bool Same(JsonObject tag, string group, string version, string kind) =>
        (string?)tag["group"] == group && (string?)tag["version"] == version && (string?)tag["kind"] == kind;

    private static void SetIfPresent(JsonObject target, string name, string? value)
    {
        if (value is not null)
        {
            target[name] = value;
        }
    }
}
