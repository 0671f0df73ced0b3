using System.Text.Json.Nodes;
using Orchestrator.Api.OpenApi.Wire;

namespace Orchestrator.Api.OpenApi;

/// <summary>
/// Encodes a Swagger 2.0 JSON document as gnostic's <c>openapi_v2.Document</c> message, the form client-go asks for
/// with <c>Accept: application/com.github.proto-openapi.spec.v2@v1.0+protobuf</c>. Extensions and defaults travel
/// as YAML text, written as JSON, which YAML reads. A key the messages cannot carry is an error rather than a silent
/// difference between the two encodings.
/// </summary>
internal static class SwaggerProtobufEncoder
{
    public static Document Encode(JsonObject swagger)
    {
        var document = new Document();
        foreach (var (key, value) in swagger)
        {
            switch (key)
            {
                case "swagger":
                    document.Swagger = Text(value);
                    break;
                case "info":
                    document.Info = Info(value!.AsObject());
                    break;
                case "consumes":
                    document.Consumes.AddRange(Texts(value));
                    break;
                case "produces":
                    document.Produces.AddRange(Texts(value));
                    break;
                case "paths":
                    document.Paths = Paths(value!.AsObject());
                    break;
                case "definitions":
                    document.Definitions = new Definitions();
                    document.Definitions.AdditionalProperties.AddRange(NamedSchemas(value!.AsObject(), "definitions"));
                    break;
                case "securityDefinitions":
                    document.SecurityDefinitions = SecurityDefinitions(value!.AsObject());
                    break;
                case "security":
                    document.Security.AddRange(value!.AsArray().Select(r => SecurityRequirement(r!.AsObject())));
                    break;
                default:
                    document.VendorExtension.Add(Extension(key, value, "document"));
                    break;
            }
        }

        return document;
    }

    private static Info Info(JsonObject info)
    {
        var result = new Info();
        foreach (var (key, value) in info)
        {
            switch (key)
            {
                case "title":
                    result.Title = Text(value);
                    break;
                case "version":
                    result.Version = Text(value);
                    break;
                case "description":
                    result.Description = Text(value);
                    break;
                default:
                    result.VendorExtension.Add(Extension(key, value, "info"));
                    break;
            }
        }

        return result;
    }

    private static Paths Paths(JsonObject paths)
    {
        var result = new Paths();
        foreach (var (path, item) in paths)
        {
            if (path.StartsWith("x-", StringComparison.Ordinal))
            {
                result.VendorExtension.Add(Extension(path, item, "paths"));
                continue;
            }

            result.Path.Add(new NamedPathItem { Name = path, Value = PathItem(item!.AsObject(), path) });
        }

        return result;
    }

    private static PathItem PathItem(JsonObject item, string path)
    {
        var result = new PathItem();
        foreach (var (key, value) in item)
        {
            var where = $"{path} {key}";
            switch (key)
            {
                case "get":
                    result.Get = Operation(value!.AsObject(), where);
                    break;
                case "put":
                    result.Put = Operation(value!.AsObject(), where);
                    break;
                case "post":
                    result.Post = Operation(value!.AsObject(), where);
                    break;
                case "delete":
                    result.Delete = Operation(value!.AsObject(), where);
                    break;
                case "patch":
                    result.Patch = Operation(value!.AsObject(), where);
                    break;
                case "parameters":
                    result.Parameters.AddRange(value!.AsArray().Select(p => Parameter(p!.AsObject(), where)));
                    break;
                default:
                    result.VendorExtension.Add(Extension(key, value, path));
                    break;
            }
        }

        return result;
    }

    private static Operation Operation(JsonObject operation, string where)
    {
        var result = new Operation();
        foreach (var (key, value) in operation)
        {
            switch (key)
            {
                case "tags":
                    result.Tags.AddRange(Texts(value));
                    break;
                case "summary":
                    result.Summary = Text(value);
                    break;
                case "description":
                    result.Description = Text(value);
                    break;
                case "operationId":
                    result.OperationId = Text(value);
                    break;
                case "produces":
                    result.Produces.AddRange(Texts(value));
                    break;
                case "consumes":
                    result.Consumes.AddRange(Texts(value));
                    break;
                case "schemes":
                    result.Schemes.AddRange(Texts(value));
                    break;
                case "parameters":
                    result.Parameters.AddRange(value!.AsArray().Select(p => Parameter(p!.AsObject(), where)));
                    break;
                case "responses":
                    result.Responses = Responses(value!.AsObject(), where);
                    break;
                default:
                    result.VendorExtension.Add(Extension(key, value, where));
                    break;
            }
        }

        return result;
    }

    private static ParametersItem Parameter(JsonObject parameter, string where)
    {
        var location = Text(parameter["in"]);
        where = $"{where} parameter {Text(parameter["name"])}";
        if (location == "body")
        {
            var body = new BodyParameter();
            foreach (var (key, value) in parameter)
            {
                switch (key)
                {
                    case "description":
                        body.Description = Text(value);
                        break;
                    case "name":
                        body.Name = Text(value);
                        break;
                    case "in":
                        body.In = Text(value);
                        break;
                    case "required":
                        body.Required = (bool)value!;
                        break;
                    case "schema":
                        body.Schema = Schema(value!.AsObject(), where);
                        break;
                    default:
                        body.VendorExtension.Add(Extension(key, value, where));
                        break;
                }
            }

            return new ParametersItem { Parameter = new Parameter { BodyParameter = body } };
        }

        var fields = new ParameterFields();
        foreach (var (key, value) in parameter)
        {
            switch (key)
            {
                case "description":
                    fields.Description = Text(value);
                    break;
                case "name":
                    fields.Name = Text(value);
                    break;
                case "in":
                    break;
                case "required":
                    fields.Required = (bool)value!;
                    break;
                case "type":
                    fields.Type = Text(value);
                    break;
                case "format":
                    fields.Format = Text(value);
                    break;
                case "uniqueItems":
                    fields.UniqueItems = (bool)value!;
                    break;
                default:
                    fields.Extensions.Add(Extension(key, value, where));
                    break;
            }
        }

        return new ParametersItem
        {
            Parameter = new Parameter { NonBodyParameter = fields.ToNonBody(location, where) },
        };
    }

    private static Responses Responses(JsonObject responses, string where)
    {
        var result = new Responses();
        foreach (var (code, response) in responses)
        {
            if (code.StartsWith("x-", StringComparison.Ordinal))
            {
                result.VendorExtension.Add(Extension(code, response, where));
                continue;
            }

            var converted = new Response();
            foreach (var (key, value) in response!.AsObject())
            {
                switch (key)
                {
                    case "description":
                        converted.Description = Text(value);
                        break;
                    case "schema":
                        converted.Schema = new SchemaItem { Schema = Schema(value!.AsObject(), $"{where} {code}") };
                        break;
                    default:
                        converted.VendorExtension.Add(Extension(key, value, $"{where} {code}"));
                        break;
                }
            }

            result.ResponseCode.Add(new NamedResponseValue
            {
                Name = code,
                Value = new ResponseValue { Response = converted },
            });
        }

        return result;
    }

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

    private static SecurityDefinitions SecurityDefinitions(JsonObject definitions)
    {
        var result = new SecurityDefinitions();
        foreach (var (name, definition) in definitions)
        {
            if (Text(definition!["type"]) != "apiKey")
            {
                throw Unsupported("type " + Text(definition["type"]), "securityDefinitions." + name);
            }

            var key = new ApiKeySecurity();
            foreach (var (field, value) in definition.AsObject())
            {
                switch (field)
                {
                    case "type":
                        key.Type = Text(value);
                        break;
                    case "name":
                        key.Name = Text(value);
                        break;
                    case "in":
                        key.In = Text(value);
                        break;
                    case "description":
                        key.Description = Text(value);
                        break;
                    default:
                        key.VendorExtension.Add(Extension(field, value, "securityDefinitions." + name));
                        break;
                }
            }

            result.AdditionalProperties.Add(new NamedSecurityDefinitionsItem
            {
                Name = name,
                Value = new SecurityDefinitionsItem { ApiKeySecurity = key },
            });
        }

        return result;
    }

    private static SecurityRequirement SecurityRequirement(JsonObject requirement)
    {
        var result = new SecurityRequirement();
        foreach (var (name, scopes) in requirement)
        {
            var array = new StringArray();
            array.Value.AddRange(Texts(scopes));
            result.AdditionalProperties.Add(new NamedStringArray { Name = name, Value = array });
        }

        return result;
    }

    private static NamedAny Extension(string key, JsonNode? value, string where) =>
        key.StartsWith("x-", StringComparison.Ordinal)
            ? new NamedAny { Name = key, Value = Yaml(value) }
            : throw Unsupported(key, where);

    private static Any Yaml(JsonNode? value) => new() { Yaml = value?.ToJsonString() ?? "null" };

    private static string Text(JsonNode? value) => (string?)value ?? "";

    private static IEnumerable<string> Texts(JsonNode? value) =>
        value?.AsArray().Select(v => (string)v!) ?? [];

    private static InvalidOperationException Unsupported(string key, string where) =>
        new($"The Swagger document has '{key}' at {where}, which the OpenAPI v2 protobuf encoding does not carry.");

    /// <summary>The fields query, path and header parameters share, before their location picks the message.</summary>
    private sealed class ParameterFields
    {
        public string Description { get; set; } = "";

        public string Name { get; set; } = "";

        public bool Required { get; set; }

        public string Type { get; set; } = "";

        public string Format { get; set; } = "";

        public bool UniqueItems { get; set; }

        public List<NamedAny> Extensions { get; } = [];

        public NonBodyParameter ToNonBody(string location, string where)
        {
            switch (location)
            {
                case "query":
                    var query = new QueryParameterSubSchema
                    {
                        In = location, Name = Name, Description = Description, Required = Required, Type = Type,
                        Format = Format, UniqueItems = UniqueItems,
                    };
                    query.VendorExtension.AddRange(Extensions);
                    return new NonBodyParameter { QueryParameterSubSchema = query };
                case "path":
                    var path = new PathParameterSubSchema
                    {
                        In = location, Name = Name, Description = Description, Required = Required, Type = Type,
                        Format = Format, UniqueItems = UniqueItems,
                    };
                    path.VendorExtension.AddRange(Extensions);
                    return new NonBodyParameter { PathParameterSubSchema = path };
                case "header":
                    var header = new HeaderParameterSubSchema
                    {
                        In = location, Name = Name, Description = Description, Required = Required, Type = Type,
                        Format = Format, UniqueItems = UniqueItems,
                    };
                    header.VendorExtension.AddRange(Extensions);
                    return new NonBodyParameter { HeaderParameterSubSchema = header };
                default:
                    throw Unsupported("in: " + location, where);
            }
        }
    }
}
