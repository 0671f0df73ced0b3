using Microsoft.AspNetCore.Http;
using Yarp.ReverseProxy.Forwarder;

namespace Orchestrator.Api.Networking;

/// <summary>
/// The proxy subresources' request transform: the request goes on as the client sent it, less the caller's
/// credentials and the identity headers the gateway signed, which are for the control plane alone.
/// </summary>
public sealed class ProxyRequestTransformer : HttpTransformer
{
    /// <summary>The one instance; the transform keeps no state.</summary>
    public static readonly ProxyRequestTransformer Instance = new();

    /// <inheritdoc/>
    public override async ValueTask TransformRequestAsync(
        HttpContext httpContext, HttpRequestMessage proxyRequest, string destinationPrefix,
        CancellationToken cancellationToken)
    {
        await base.TransformRequestAsync(httpContext, proxyRequest, destinationPrefix, cancellationToken);
        proxyRequest.Headers.Authorization = null;
        foreach (var name in proxyRequest.Headers.Select(h => h.Key)
            .Where(n => n.StartsWith("X-Remote-", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            proxyRequest.Headers.Remove(name);
        }
    }
}
