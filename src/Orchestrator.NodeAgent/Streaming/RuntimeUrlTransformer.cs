using Yarp.ReverseProxy.Forwarder;

namespace Orchestrator.NodeAgent.Streaming;

/// <summary>
/// Sends a forwarded request to exactly one runtime streaming URL (its one-time path), keeping the client's upgrade
/// headers (SPDY/3.1, X-Stream-Protocol-Version, WebSocket) and query (port-forward's WebSocket protocol names its
/// ports there).
/// </summary>
public sealed class RuntimeUrlTransformer : HttpTransformer
{
    private readonly Uri _url;

    /// <summary>Creates a transformer aiming at <paramref name="url"/>.</summary>
    public RuntimeUrlTransformer(Uri url) => _url = url;

    /// <inheritdoc />
    public override async ValueTask TransformRequestAsync(
        HttpContext httpContext, HttpRequestMessage proxyRequest, string destinationPrefix,
        CancellationToken cancellationToken)
    {
        await base.TransformRequestAsync(httpContext, proxyRequest, destinationPrefix, cancellationToken);
        proxyRequest.RequestUri = string.IsNullOrEmpty(_url.Query) && httpContext.Request.QueryString.HasValue
            ? new Uri(_url, _url.AbsolutePath + httpContext.Request.QueryString.Value)
            : _url;
        proxyRequest.Headers.Host = null;
        proxyRequest.Headers.Authorization = null;
    }
}
