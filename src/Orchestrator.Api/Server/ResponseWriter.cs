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

    /// <summary>JSON as kube-apiserver writes it: quotes and angle brackets unescaped.</summary>
    public static readonly JsonWriterOptions WriterOptions = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static readonly JsonSerializerOptions SerializerOptions = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Whether the client asked for a <c>meta.k8s.io/v1</c> Table (kubectl's human output).</summary>
    public static bool WantsTable(HttpRequest request)
    {
        foreach (var accept in request.Headers.Accept)
        {
            if (accept is null)
            {
                continue;
            }

            foreach (var part in accept.Split(','))
            {
                var p = part.Replace(" ", "", StringComparison.Ordinal);
                if (p.Contains("as=Table", StringComparison.Ordinal) &&
                    p.Contains("g=meta.k8s.io", StringComparison.Ordinal))
                {
                    return true;
                }
            }
        }

        return false;
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
