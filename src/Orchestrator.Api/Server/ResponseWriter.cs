using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Orchestrator.Api.Server;

/// <summary>Writes JSON answers and <c>Status</c> errors.</summary>
public static class ResponseWriter
{
    public const string JsonContentType = "application/json";
    public const string TableContentType = "application/json;as=Table;v=v1;g=meta.k8s.io";
    public const string PartialContentType = "application/json;as=PartialObjectMetadata;v=v1;g=meta.k8s.io";
    public const string PartialListContentType = "application/json;as=PartialObjectMetadataList;v=v1;g=meta.k8s.io";

    /// <summary>JSON as kube-apiserver writes it: quotes and angle brackets unescaped.</summary>
    public static readonly JsonWriterOptions WriterOptions = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static readonly JsonSerializerOptions SerializerOptions = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Writes objects or lists as JSON or YAML, as the negotiated form says.</summary>
    public static Task WriteAsync(HttpResponse response, int statusCode, JsonNode body, ResponseForm form)
    {
        if (form != ResponseForm.Yaml)
        {
            return WriteJsonAsync(response, statusCode, body);
        }

        response.StatusCode = statusCode;
        response.ContentType = "application/yaml";
        return response.WriteAsync(Formats.YamlWriter.ToYaml(body), response.HttpContext.RequestAborted);
    }

    public static async Task WriteJsonAsync(
        HttpResponse response, int statusCode, JsonNode body, string contentType = JsonContentType)
    {
        response.StatusCode = statusCode;
        response.ContentType = contentType;
        await using var writer = new Utf8JsonWriter(response.BodyWriter.AsStream(), WriterOptions);
        body.WriteTo(writer);
        await writer.FlushAsync(response.HttpContext.RequestAborted);
    }

    public static Task WriteErrorAsync(HttpResponse response, ApiException error)
    {
        foreach (var (name, value) in error.Headers)
        {
            response.Headers[name] = value;
        }

        if (error.Details?.RetryAfterSeconds is { } seconds)
        {
            response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return WriteJsonAsync(response, error.Code, error.ToStatus());
    }
}
