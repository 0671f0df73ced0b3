using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using Orchestrator.Contracts.Identity;
using Orchestrator.Gateway.Hosting;

namespace Orchestrator.Gateway.Ingress;

/// <summary>
/// The gateway's own client of the region's Kubernetes API: lists and watches (JSON) and status writes, sent to
/// the first control plane that answers, signed as the gateway's identity.
/// </summary>
public sealed class ControlPlaneClient(GatewayOptions options, IdentitySigner signer, HttpClient http)
{
    /// <summary>Who the gateway is when it calls the API itself.</summary>
    public static readonly CallerIdentity Identity = new("system:orchestrator:gateway", ["system:masters"]);

    private int _next;

    /// <summary>GETs a path (a list or an object); throws when no control plane answers it with success.</summary>
    public async Task<JsonObject> GetAsync(string path, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Get, path, null, HttpCompletionOption.ResponseContentRead,
            cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        return JsonNode.Parse(body)?.AsObject() ?? throw new InvalidOperationException($"empty answer to {path}");
    }

    /// <summary>PUTs an object to a path; the answer's status is returned for the caller to judge.</summary>
    public async Task<int> PutAsync(string path, JsonObject body, CancellationToken cancellationToken)
    {
        using var content = new StringContent(body.ToJsonString(), new MediaTypeHeaderValue("application/json"));
        using var response = await SendAsync(HttpMethod.Put, path, content, HttpCompletionOption.ResponseContentRead,
            cancellationToken, acceptFailure: true);
        return (int)response.StatusCode;
    }

    /// <summary>
    /// The events of a watch from <paramref name="resourceVersion"/>, as (type, object), until the server ends it;
    /// an ERROR event (an expired version) is returned like the others.
    /// </summary>
    public async IAsyncEnumerable<(string Type, JsonObject Object)> WatchAsync(
        string path, string resourceVersion, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var query = $"{path}?watch=1&allowWatchBookmarks=true&resourceVersion={Uri.EscapeDataString(resourceVersion)}";
        using var response = await SendAsync(HttpMethod.Get, query, null, HttpCompletionOption.ResponseHeadersRead,
            cancellationToken);
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        using var reader = new StreamReader(stream);
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line.Length == 0)
            {
                continue;
            }

            var change = JsonNode.Parse(line)?.AsObject();
            if (change?["type"]?.GetValue<string>() is { } type && change["object"] is JsonObject obj)
            {
                yield return (type, obj);
            }
        }
    }

    private async Task<HttpResponseMessage> SendAsync(
        HttpMethod method, string pathAndQuery, HttpContent? content, HttpCompletionOption completion,
        CancellationToken cancellationToken, bool acceptFailure = false)
    {
        Exception? last = null;
        var start = Interlocked.Increment(ref _next);
        for (var attempt = 0; attempt < options.ControlPlanes.Count; attempt++)
        {
            var controlPlane = options.ControlPlanes[(start + attempt) % options.ControlPlanes.Count];
            using var request = new HttpRequestMessage(method, new Uri(controlPlane, pathAndQuery))
            {
                Content = content,
            };
            var path = pathAndQuery.Split('?')[0];
            var proof = signer.Sign(Identity, method.Method, path);
            request.Headers.TryAddWithoutValidation(IdentityHeaders.User, Identity.User);
            foreach (var group in Identity.Groups)
            {
                request.Headers.TryAddWithoutValidation(IdentityHeaders.Group, group);
            }

            request.Headers.TryAddWithoutValidation(IdentityHeaders.Timestamp, proof.Timestamp);
            request.Headers.TryAddWithoutValidation(IdentityHeaders.Signature, proof.Signature);
            try
            {
                var response = await http.SendAsync(request, completion, cancellationToken);
                if (response.IsSuccessStatusCode || acceptFailure)
                {
                    return response;
                }

                last = new HttpRequestException($"{method} {path}: {(int)response.StatusCode}");
                response.Dispose();
            }
            catch (HttpRequestException error)
            {
                last = error;
            }
        }

        throw last ?? new HttpRequestException("no control plane is configured");
    }
}
