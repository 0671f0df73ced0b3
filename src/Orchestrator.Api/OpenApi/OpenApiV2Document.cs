using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Google.Protobuf;

namespace Orchestrator.Api.OpenApi;

/// <summary>
/// The one Swagger 2.0 document of the whole served API, which <c>GET /openapi/v2</c> answers. kubectl before 1.30
/// reads only this one: for client-side validation, <c>explain</c>, patch metadata, and to learn from the PATCH
/// operations' <c>fieldValidation</c> parameter that the server validates fields itself. It is built from the same
/// OpenAPI v3 documents <see cref="OpenApiDocuments"/> serves, so the two never disagree. Both encodings are built
/// once, on first use, and never change afterwards.
/// </summary>
public sealed class OpenApiV2Document
{
    /// <summary>
    /// The media type the protobuf answer carries. client-go asks with an at sign before <c>v1.0</c> but cannot
    /// parse that spelling in a Content-Type, so kube-apiserver answers with this one, as this server does.
    /// </summary>
    public const string ProtobufContentType = "application/com.github.proto-openapi.spec.v2.v1.0+protobuf";

    /// <summary>The spelling of the protobuf media type client-go puts in its Accept header.</summary>
    public const string ProtobufAcceptType = "application/com.github.proto-openapi.spec.v2@v1.0+protobuf";

    private readonly Lazy<JsonObject> _swagger;
    private readonly Lazy<EncodedDocument> _json;
    private readonly Lazy<EncodedDocument> _protobuf;

    public OpenApiV2Document(OpenApiDocuments documents)
    {
        _swagger = new Lazy<JsonObject>(() => Build(documents));
        _json = new Lazy<EncodedDocument>(() => Encoded(JsonSerializer.SerializeToUtf8Bytes(_swagger.Value)));
        _protobuf = new Lazy<EncodedDocument>(() =>
            Encoded(SwaggerProtobufEncoder.Encode(_swagger.Value).ToByteArray()));
    }

    /// <summary>The document as UTF-8 JSON.</summary>
    public byte[] Json => _json.Value.Bytes;

    /// <summary>The quoted entity tag of <see cref="Json"/>.</summary>
    public string JsonETag => _json.Value.ETag;

    /// <summary>The document as gnostic's <c>openapi_v2.Document</c> protobuf message.</summary>
    public byte[] Protobuf => _protobuf.Value.Bytes;

    /// <summary>The quoted entity tag of <see cref="Protobuf"/>.</summary>
    public string ProtobufETag => _protobuf.Value.ETag;

    /// <summary>A copy of the document as JSON nodes, for inspection.</summary>
    public JsonObject Swagger() => _swagger.Value.DeepClone().AsObject();

    /// <summary>
    /// Whether an Accept header prefers the protobuf encoding to JSON: the acceptable type of highest quality wins,
    /// the earlier one on a tie. JSON is the answer when neither is named.
    /// </summary>
    public static bool WantsProtobuf(string? accept)
    {
        var best = (Protobuf: false, Quality: -1.0);
        foreach (var item in (accept ?? "").Split(','))
        {
            var parameters = item.Split(';');
            var type = parameters[0].Trim();
            var protobuf = type is ProtobufContentType or ProtobufAcceptType;
            if (!protobuf && type is not ("application/json" or "application/*" or "*/*"))
            {
                continue;
            }

            var quality = Quality(parameters.Skip(1));
            if (quality > best.Quality)
            {
                best = (protobuf, quality);
            }
        }

        return best.Protobuf;
    }

    private static JsonObject Build(OpenApiDocuments documents)
    {
        var paths = new JsonObject();
        var definitions = new SortedDictionary<string, JsonObject>(StringComparer.Ordinal);
        JsonObject? first = null;
        foreach (var path in documents.Paths.Order(StringComparer.Ordinal))
        {
            var document = JsonNode.Parse(documents.ForGroupVersion(path)!.Json)!.AsObject();
            first ??= document;
            SwaggerConverter.Add(document, paths, definitions);
        }

        var definitionObject = new JsonObject();
        foreach (var (name, schema) in definitions)
        {
            definitionObject[name] = schema;
        }

        var swagger = new JsonObject
        {
            ["swagger"] = "2.0",
            ["info"] = first?["info"]?.DeepClone() ?? new JsonObject { ["title"] = "Kubernetes", ["version"] = "" },
            ["paths"] = paths,
            ["definitions"] = definitionObject,
        };
        if (first?["components"]?["securitySchemes"] is JsonObject schemes)
        {
            swagger["securityDefinitions"] = schemes.DeepClone();
            swagger["security"] = first["security"]?.DeepClone();
        }

        return swagger;
    }

    private static double Quality(IEnumerable<string> parameters)
    {
        foreach (var parameter in parameters.Select(p => p.Trim()))
        {
            if (parameter.StartsWith("q=", StringComparison.Ordinal) && double.TryParse(parameter[2..],
                System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var q))
            {
                return q;
            }
        }

        return 1.0;
    }

    private static EncodedDocument Encoded(byte[] bytes) =>
        new(bytes, $"\"{Convert.ToHexString(SHA512.HashData(bytes))}\"");

    private sealed record EncodedDocument(byte[] Bytes, string ETag);
}
