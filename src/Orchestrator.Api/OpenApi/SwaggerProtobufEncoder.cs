using System.Text.Json.Nodes;
using Orchestrator.Api.OpenApi.Wire;

namespace Orchestrator.Api.OpenApi;

/// <summary>
/// Encodes a Swagger 2.0 JSON document as gnostic's <c>openapi_v2.Document</c> message, the form client-go asks for
/// with <c>Accept: application/com.github.proto-openapi.spec.v2@v1.0+protobuf</c>. Extensions and defaults travel
/// as YAML text, written as JSON, which YAML reads. A key the messages cannot carry is an error rather than a silent
/// difference between the two encodings.
/// </summary>
internal static partial class SwaggerProtobufEncoder
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
}
