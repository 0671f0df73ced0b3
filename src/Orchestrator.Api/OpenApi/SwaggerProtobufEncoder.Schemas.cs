using System.Text.Json.Nodes;
using Orchestrator.Api.OpenApi.Wire;

namespace Orchestrator.Api.OpenApi;

// Schemas: definitions, properties, items, and the bodies of parameters and responses.
internal static partial class SwaggerProtobufEncoder
{
    private static Wire.Schema Schema(JsonObject schema, string where)
    {
        var result = new Wire.Schema();
        foreach (var (key, value) in schema)
        {
            switch (key)
            {
                case "$ref":
                    result.Ref = Text(value);
                    break;
                case "format":
                    result.Format = Text(value);
                    break;
                case "title":
                    result.Title = Text(value);
                    break;
                case "description":
                    result.Description = Text(value);
                    break;
                case "default":
                    result.Default = Yaml(value);
                    break;
                case "example":
                    result.Example = Yaml(value);
                    break;
                case "uniqueItems":
                    result.UniqueItems = (bool)value!;
                    break;
                case "readOnly":
                    result.ReadOnly = (bool)value!;
                    break;
                case "required":
                    result.Required.AddRange(Texts(value));
                    break;
                case "enum":
                    result.Enum.AddRange(value!.AsArray().Select(Yaml));
                    break;
                case "type":
                    result.Type = new TypeItem();
                    result.Type.Value.AddRange(value is JsonArray ? Texts(value) : [Text(value)]);
                    break;
                case "items":
                    result.Items = new ItemsItem();
                    result.Items.Schema.AddRange(value is JsonArray many
                        ? many.Select(s => Schema(s!.AsObject(), where))
                        : [Schema(value!.AsObject(), where)]);
                    break;
                case "additionalProperties":
                    result.AdditionalProperties = value is JsonObject nested
                        ? new AdditionalPropertiesItem { Schema = Schema(nested, where) }
                        : new AdditionalPropertiesItem { Boolean = (bool)value! };
                    break;
                case "allOf":
                    result.AllOf.AddRange(value!.AsArray().Select(s => Schema(s!.AsObject(), where)));
                    break;
                case "properties":
                    result.Properties = new Properties();
                    result.Properties.AdditionalProperties.AddRange(NamedSchemas(value!.AsObject(), where));
                    break;
                default:
                    result.VendorExtension.Add(Extension(key, value, where));
                    break;
            }
        }

        return result;
    }

    private static IEnumerable<NamedSchema> NamedSchemas(JsonObject schemas, string where) =>
        schemas.Select(s => new NamedSchema { Name = s.Key, Value = Schema(s.Value!.AsObject(), $"{where}.{s.Key}") });
}
