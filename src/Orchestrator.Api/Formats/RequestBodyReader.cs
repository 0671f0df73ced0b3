using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Orchestrator.Api.Formats.Protobuf;
using Orchestrator.Api.Server;

namespace Orchestrator.Api.Formats;

/// <summary>
/// Reads request bodies in the media types the API accepts: JSON, YAML, Kubernetes protobuf, and the patch types.
/// A body over <see cref="MaxBodyBytes"/> is refused with 413, as kube-apiserver refuses bodies over 3 MB.
/// </summary>
public static class RequestBodyReader
{
    public const int MaxBodyBytes = 3 * 1024 * 1024;

    public const string Json = "application/json";
    public const string Yaml = "application/yaml";
    public const string KubernetesProtobufType = "application/vnd.kubernetes.protobuf";
    public const string MergePatch = "application/merge-patch+json";
    public const string StrategicMergePatch = "application/strategic-merge-patch+json";
    public const string JsonPatch = "application/json-patch+json";
    public const string ApplyPatchYaml = "application/apply-patch+yaml";
    public const string ApplyPatchCbor = "application/apply-patch+cbor";

    private static readonly string[] ObjectTypes = [Json, Yaml, KubernetesProtobufType];

    private static readonly string[] PatchTypes = [JsonPatch, MergePatch, StrategicMergePatch, ApplyPatchYaml];

    /// <summary>Reads the body of a create, update or delete request.</summary>
    public static async Task<RequestBody> ReadObjectAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var mediaType = MediaTypeOf(request, Json);
        if (!ObjectTypes.Contains(mediaType))
        {
            throw ApiErrors.UnsupportedMediaType(mediaType, ObjectTypes);
        }

        var bytes = await ReadBytesAsync(request, cancellationToken);
        return Decode(bytes, mediaType);
    }

    /// <summary>Reads the body of a patch; its media type names the patch type.</summary>
    public static async Task<RequestBody> ReadPatchAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var mediaType = MediaTypeOf(request, "");
        if (!PatchTypes.Contains(mediaType))
        {
            throw ApiErrors.UnsupportedMediaType(mediaType, PatchTypes);
        }

        var bytes = await ReadBytesAsync(request, cancellationToken);
        return mediaType == ApplyPatchYaml ? Decode(bytes, Yaml) with { MediaType = mediaType }
            : Decode(bytes, Json) with { MediaType = mediaType };
    }

    /// <summary>The media type of the body, without parameters, lower-cased.</summary>
    public static string MediaTypeOf(HttpRequest request, string fallback)
    {
        var contentType = request.ContentType;
        if (string.IsNullOrWhiteSpace(contentType))
        {
            return fallback;
        }

        var semicolon = contentType.IndexOf(';');
        return (semicolon < 0 ? contentType : contentType[..semicolon]).Trim().ToLowerInvariant();
    }

    private static RequestBody Decode(byte[] bytes, string mediaType)
    {
        try
        {
            switch (mediaType)
            {
                case KubernetesProtobufType:
                    return new RequestBody(KubernetesProtobuf.Decode(bytes), [], mediaType);
                case Yaml:
                    var yaml = YamlJson.Parse(Encoding.UTF8.GetString(bytes));
                    return new RequestBody(yaml.Value, yaml.DuplicateFields, mediaType);
                default:
                    if (bytes.Length == 0)
                    {
                        return new RequestBody(null, [], mediaType);
                    }

                    var json = JsonBodyParser.Parse(bytes);
                    return new RequestBody(json.Value, json.DuplicateFields, mediaType);
            }
        }
        catch (JsonException error)
        {
            // Worded as Kubernetes' decoder words it, without the parser's own position suffix.
            var reason = error.Message;
            var position = reason.IndexOf(" LineNumber:", StringComparison.Ordinal);
            throw ApiErrors.BadRequest(
                $"couldn't get version/kind; json parse error: {(position < 0 ? reason : reason[..position])}");
        }
        catch (FormatException error)
        {
            throw ApiErrors.BadRequest(error.Message);
        }
    }

    private static async Task<byte[]> ReadBytesAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength > MaxBodyBytes)
        {
            throw TooLarge();
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > MaxBodyBytes)
            {
                throw TooLarge();
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    private static ApiException TooLarge() => ApiErrors.TooLarge($"Request entity too large: limit is {MaxBodyBytes}");
}
