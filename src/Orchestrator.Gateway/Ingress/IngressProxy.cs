using System.Net;
using Orchestrator.Gateway.Hosting;
using Yarp.ReverseProxy.Forwarder;

namespace Orchestrator.Gateway.Ingress;

/// <summary>
/// Serves the gateway's load-balancer role: a request to the ingress listener is matched against the
/// <see cref="IngressTable"/>, one to a Service's port finds its backend in the <see cref="ServicePortTable"/>; it is
/// forwarded by YARP's forwarder to one of the backend's ready endpoints, taken in turn, with the client's Host
/// header kept. Nothing matching is 404; a backend without ready endpoints is 503.
/// </summary>
public sealed partial class IngressProxy(
    RouteSource routes, GatewayOptions options, IHttpForwarder forwarder, ILogger<IngressProxy> logger)
{
    private static readonly HttpMessageInvoker Client = new(new SocketsHttpHandler
    {
        UseProxy = false,
        AllowAutoRedirect = false,
        AutomaticDecompression = DecompressionMethods.None,
        UseCookies = false,
        ConnectTimeout = TimeSpan.FromSeconds(5),
    });

    private static readonly ForwarderRequestConfig RequestConfig = new()
    {
        ActivityTimeout = TimeSpan.FromMinutes(10),
    };

    private int _turn;

    /// <summary>Answers one request that arrived on the ingress listener.</summary>
    public async Task HandleAsync(HttpContext context)
    {
        var backend = context.Connection.LocalPort == options.IngressPort
            ? routes.Table.Match(context.Request.Host.Value ?? "", context.Request.Path.Value ?? "/")
            : routes.ServicePorts.On(context.Connection.LocalPort);
        if (backend is null)
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            await context.Response.WriteAsync("default backend - 404\n");
            return;
        }

        if (backend.Destinations.Count == 0)
        {
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            await context.Response.WriteAsync(
                $"no ready endpoints for service {backend.Namespace}/{backend.Service}:{backend.Port}\n");
            return;
        }

        var destination = backend.Destinations[(int)((uint)Interlocked.Increment(ref _turn) %
            (uint)backend.Destinations.Count)];
        var error = await forwarder.SendAsync(context, destination, Client, RequestConfig, HostKeeping.Instance);
        if (error != ForwarderError.None)
        {
            LogForwardFailed(logger, backend.Namespace, backend.Service, destination, error);
        }
    }

    [LoggerMessage(EventId = 4103, Level = LogLevel.Information,
        Message = "Ingress request to service {Namespace}/{Service} at {Destination} failed: {Error}")]
    private static partial void LogForwardFailed(
        ILogger logger, string @namespace, string service, string destination, ForwarderError error);

    // Forwards the client's Host header, as an ingress controller does, so virtual hosts behind it still work.
    private sealed class HostKeeping : HttpTransformer
    {
        public static readonly HostKeeping Instance = new();

        public override async ValueTask TransformRequestAsync(
            HttpContext httpContext, HttpRequestMessage proxyRequest, string destinationPrefix,
            CancellationToken cancellationToken)
        {
            await base.TransformRequestAsync(httpContext, proxyRequest, destinationPrefix, cancellationToken);
            proxyRequest.Headers.Host = httpContext.Request.Host.Value;
        }
    }
}
