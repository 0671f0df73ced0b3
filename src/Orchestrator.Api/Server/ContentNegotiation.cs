using Microsoft.AspNetCore.Http;

namespace Orchestrator.Api.Server;

/// <summary>
/// Chooses the form of an answer from the Accept header, taking the first media type the API can produce, as
/// kube-apiserver does; 406 NotAcceptable when it can produce none of them.
/// </summary>
public static class ContentNegotiation
{
    public static ResponseForm Negotiate(HttpRequest request)
    {
        var accept = request.Headers.Accept.ToString();
        if (string.IsNullOrWhiteSpace(accept))
        {
            return ResponseForm.Json;
        }

        foreach (var item in accept.Split(','))
        {
            if (FormOf(item) is { } form)
            {
                return form;
            }
        }

        throw ApiErrors.NotAcceptable(accept);
    }

    private static ResponseForm? FormOf(string item)
    {
        var parts = item.Split(';').Select(p => p.Trim()).ToList();
        var mediaType = parts[0].ToLowerInvariant();
        var parameters = parts.Skip(1).Select(p => p.Replace(" ", "", StringComparison.Ordinal)).ToList();
        var asKind = parameters.FirstOrDefault(p => p.StartsWith("as=", StringComparison.Ordinal))?[3..];
        if (asKind is not null)
        {
            if (mediaType != "application/json" || !parameters.Contains("g=meta.k8s.io"))
            {
                return null;
            }

            return asKind switch
            {
                "Table" => ResponseForm.Table,
                "PartialObjectMetadata" or "PartialObjectMetadataList" => ResponseForm.PartialMetadata,
                _ => null,
            };
        }

        return mediaType switch
        {
            "application/json" or "application/*" or "*/*" or "application/vnd.kubernetes.protobuf" =>
                ResponseForm.Json,
            "application/yaml" => ResponseForm.Yaml,
            _ => null,
        };
    }
}
