using System.Net;
using System.Net.WebSockets;
using Grpc.Core;
using Microsoft.Extensions.Primitives;
using Orchestrator.NodeAgent.Cri;
using Orchestrator.NodeAgent.Cri.Api;
using Yarp.ReverseProxy.Forwarder;

namespace Orchestrator.NodeAgent.Streaming;

/// <summary>
/// The agent's kubelet paths: GET /containerLogs/{ns}/{pod}/{container}, /exec/{ns}/{pod}/{container},
/// /attach/{ns}/{pod}/{container} and /portForward/{ns}/{pod}. Logs are read from the container's CRI log file;
/// exec, attach and port-forward ask the runtime for a streaming URL and carry the client's upgraded connection to
/// it (SPDY passed through, WebSocket channels relayed to the runtime's v4, port-forward's WebSocket tunnel unpacked
/// onto a SPDY connection).
/// </summary>
public static class KubeletStreamingEndpoints
{
    private static readonly HttpMessageInvoker RuntimeClient = new(new SocketsHttpHandler
    {
        UseProxy = false,
        AllowAutoRedirect = false,
        AutomaticDecompression = DecompressionMethods.None,
        UseCookies = false,
        ConnectTimeout = TimeSpan.FromSeconds(5),
    });

    private static readonly ForwarderRequestConfig StreamingRequest = new()
    {
        Version = HttpVersion.Version11,
        VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        ActivityTimeout = TimeSpan.FromHours(4),
    };

    /// <summary>Adds WebSocket support and maps the kubelet paths on <paramref name="app"/>.</summary>
    public static WebApplication MapKubeletStreaming(this WebApplication app)
    {
        app.UseWebSockets();
        app.MapGet("/containerLogs/{podNamespace}/{pod}/{container}", ContainerLogsAsync);
        app.MapMethods("/exec/{podNamespace}/{pod}/{container}", ["GET", "POST"],
            (HttpContext context, string podNamespace, string pod, string container) =>
                RemoteCommandAsync(context, podNamespace, pod, container, attach: false));
        app.MapMethods("/attach/{podNamespace}/{pod}/{container}", ["GET", "POST"],
            (HttpContext context, string podNamespace, string pod, string container) =>
                RemoteCommandAsync(context, podNamespace, pod, container, attach: true));
        app.MapMethods("/portForward/{podNamespace}/{pod}", ["GET", "POST"], PortForwardAsync);
        return app;
    }

    private static async Task ContainerLogsAsync(
        HttpContext context, string podNamespace, string pod, string container)
    {
        var services = context.RequestServices;
        var runtime = services.GetRequiredService<ContainerRuntimeClient>();
        var options = services.GetRequiredService<KubeletStreamingOptions>();
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        ContainerLogOptions logOptions;
        try
        {
            logOptions = ContainerLogOptions.FromQuery(context.Request.Query, now);
        }
        catch (FormatException error)
        {
            await StreamingStatus.WriteAsync(context, 400, "BadRequest", error.Message);
            return;
        }

        var locator = services.GetRequiredService<ContainerLocator>();
        var found = await locator.FindContainerAsync(
            podNamespace, pod, container, logOptions.Previous, context.RequestAborted);
        var status = found is null ? null : await runtime.GetContainerStatusAsync(found.Id, context.RequestAborted);
        if (found is null || status is null)
        {
            var message = logOptions.Previous
                ? $"previous terminated container \"{container}\" in pod \"{pod}\" not found"
                : $"container \"{container}\" in pod \"{pod}\" is not available";
            await StreamingStatus.WriteAsync(context, logOptions.Previous ? 400 : 404,
                logOptions.Previous ? "BadRequest" : "NotFound", message);
            return;
        }

        context.Response.ContentType = "text/plain";
        await context.Response.StartAsync(context.RequestAborted);
        try
        {
            await ContainerLogReader.CopyAsync(status.LogPath, logOptions, context.Response.Body,
                async cancellationToken => (await runtime.GetContainerStatusAsync(found.Id, cancellationToken))
                    ?.State == ContainerState.ContainerRunning,
                options.LogPollInterval, context.RequestAborted);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client left a followed log.
        }
    }

    private static async Task RemoteCommandAsync(
        HttpContext context, string podNamespace, string pod, string container, bool attach)
    {
        var services = context.RequestServices;
        var query = context.Request.Query;
        var found = await services.GetRequiredService<ContainerLocator>().FindContainerAsync(
            podNamespace, pod, container, previous: false, context.RequestAborted);
        if (found is null)
        {
            await StreamingStatus.WriteAsync(context, 404, "NotFound",
                $"container \"{container}\" in pod \"{podNamespace}/{pod}\" not found");
            return;
        }

        var command = query["command"];
        if (!attach && command.Count == 0)
        {
            await StreamingStatus.WriteAsync(context, 400, "BadRequest", "you must specify at least 1 command");
            return;
        }

        var runtime = services.GetRequiredService<ContainerRuntimeClient>();
        Uri url;
        try
        {
            url = attach
                ? await runtime.GetAttachUrlAsync(new AttachRequest
                {
                    ContainerId = found.Id,
                    Stdin = Flag(query, "stdin"),
                    Stdout = Flag(query, "stdout"),
                    Stderr = Flag(query, "stderr"),
                    Tty = Flag(query, "tty"),
                }, context.RequestAborted)
                : await runtime.GetExecUrlAsync(new ExecRequest
                {
                    ContainerId = found.Id,
                    Cmd = { command.Select(part => part ?? "") },
                    Stdin = Flag(query, "stdin"),
                    Stdout = Flag(query, "stdout"),
                    Stderr = Flag(query, "stderr"),
                    Tty = Flag(query, "tty"),
                }, context.RequestAborted);
        }
        catch (RpcException error)
        {
            await StreamingStatus.WriteAsync(context, 500, "InternalError",
                $"unable to {(attach ? "attach to" : "exec in")} container \"{container}\": {error.Status.Detail}");
            return;
        }

        if (!context.WebSockets.IsWebSocketRequest)
        {
            await ForwardAsync(context, url);
            return;
        }

        var chosen = context.WebSockets.WebSocketRequestedProtocols
            .FirstOrDefault(WebSocketChannelRelay.ClientProtocols.Contains);
        if (chosen is null)
        {
            await StreamingStatus.WriteAsync(context, 400, "BadRequest",
                "none of the requested WebSocket subprotocols is supported; supported: " +
                string.Join(", ", WebSocketChannelRelay.ClientProtocols));
            return;
        }

        using var upstream = new ClientWebSocket();
        upstream.Options.AddSubProtocol(WebSocketChannelRelay.RuntimeProtocol);
        try
        {
            var target = new UriBuilder(url) { Scheme = url.Scheme == "https" ? "wss" : "ws" }.Uri;
            await upstream.ConnectAsync(target, context.RequestAborted);
        }
        catch (WebSocketException error)
        {
            await StreamingStatus.WriteAsync(context, 502, "InternalError",
                $"the runtime's streaming server refused the WebSocket: {error.Message}");
            return;
        }

        using var client = await context.WebSockets.AcceptWebSocketAsync(chosen);
        await WebSocketChannelRelay.RelayAsync(client, upstream, context.RequestAborted);
    }

    private static async Task PortForwardAsync(HttpContext context, string podNamespace, string pod)
    {
        var services = context.RequestServices;
        var sandbox = await services.GetRequiredService<ContainerLocator>().FindSandboxAsync(
            podNamespace, pod, context.RequestAborted);
        if (sandbox is null)
        {
            await StreamingStatus.WriteAsync(context, 404, "NotFound",
                $"pod \"{podNamespace}/{pod}\" has no sandbox on this node");
            return;
        }

        Uri url;
        try
        {
            url = await services.GetRequiredService<ContainerRuntimeClient>().GetPortForwardUrlAsync(
                sandbox.Id, context.RequestAborted);
        }
        catch (RpcException error)
        {
            await StreamingStatus.WriteAsync(context, 500, "InternalError",
                $"unable to port-forward to pod \"{pod}\": {error.Status.Detail}");
            return;
        }

        var tunnelled = context.WebSockets.IsWebSocketRequest &&
            context.WebSockets.WebSocketRequestedProtocols.Contains(WebSocketTunnelRelay.PortForwardProtocol);
        if (!tunnelled)
        {
            // SPDY, and the WebSocket channel protocol that the runtime serves itself, pass through.
            await ForwardAsync(context, url);
            return;
        }

        Stream upstream;
        try
        {
            upstream = await SpdyUpgradeDialer.ConnectAsync(url, "portforward.k8s.io", context.RequestAborted);
        }
        catch (Exception error) when (error is IOException or System.Net.Sockets.SocketException)
        {
            await StreamingStatus.WriteAsync(context, 502, "InternalError", error.Message);
            return;
        }

        // .NET refuses '/' in a subprotocol it is asked to accept, so the header is written here and the socket is
        // accepted without one.
        context.Response.Headers.SecWebSocketProtocol = WebSocketTunnelRelay.PortForwardProtocol;
        using var client = await context.WebSockets.AcceptWebSocketAsync();
        await WebSocketTunnelRelay.RelayAsync(client, upstream, context.RequestAborted);
    }

    private static async Task ForwardAsync(HttpContext context, Uri url)
    {
        var forwarder = context.RequestServices.GetRequiredService<IHttpForwarder>();
        var error = await forwarder.SendAsync(context, $"{url.Scheme}://{url.Authority}", RuntimeClient,
            StreamingRequest, new RuntimeUrlTransformer(url));
        if (error != ForwarderError.None)
        {
            await StreamingStatus.WriteAsync(context, 502, "InternalError",
                $"error reaching the runtime's streaming server: {error}");
        }
    }

    // kubelet reads these flags as "1" or "true"; anything else is false.
    private static bool Flag(IQueryCollection query, string name)
    {
        StringValues value = query[name];
        return value.Count > 0 &&
            (value[0] == "1" || string.Equals(value[0], "true", StringComparison.OrdinalIgnoreCase));
    }
}
