using System.Net.WebSockets;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;
using Orchestrator.ControlPlane.Hosting;
using Orchestrator.Testing;

namespace Orchestrator.Gateway.Tests.Hosting;

/// <summary>
/// A tiny real Kestrel backend standing in for a control plane: it verifies the caller identity with the control
/// plane's own middleware and serves the shapes the gateway must pass through (a held-back chunked stream, a
/// WebSocket echo, a SPDY/3.1 upgrade echo).
/// </summary>
public sealed class TestControlPlane : IAsyncDisposable
{
    private readonly WebApplication app;

    private TestControlPlane(WebApplication app, Uri address)
    {
        this.app = app;
        Address = address;
    }

    public Uri Address { get; }

    /// <summary>Released by a test to let the stream endpoint send its second chunk.</summary>
    public SemaphoreSlim SecondChunk { get; } = new(0);

    public static async Task<TestControlPlane> StartAsync(string dataDirectory)
    {
        var address = new Uri($"http://127.0.0.1:{FreePorts.Next()}");
        var builder = WebApplication.CreateBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls(address.ToString());
        builder.Services.AddCallerIdentity(dataDirectory);

        var app = builder.Build();
        var backend = new TestControlPlane(app, address);
        app.UseWebSockets();
        app.UseCallerIdentity();
        app.MapGet("/readyz", () => Results.Text("ok"));
        app.MapGet("/healthz", () => Results.Text("ok"));
        app.MapGet("/api/v1/whoami", WhoAmI);
        app.MapGet("/api/v1/stream", backend.StreamAsync);
        app.Map("/api/v1/websocket", EchoWebSocketAsync);
        app.MapPost("/api/v1/spdy", EchoSpdyAsync);
        await app.StartAsync();
        return backend;
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
        SecondChunk.Dispose();
    }

    private static IResult WhoAmI(HttpContext context)
    {
        var identity = context.GetCallerIdentity()!;
        return Results.Json(new JsonObject
        {
            ["user"] = context.User.Identity?.Name,
            ["groups"] = new JsonArray(identity.Groups.Select(group => (JsonNode)group).ToArray()),
            ["authorization"] = context.Request.Headers.Authorization.ToString(),
        });
    }

    private async Task StreamAsync(HttpContext context)
    {
        context.Response.ContentType = "application/json;stream=watch";
        await context.Response.WriteAsync("{\"type\":\"ADDED\"}\n", context.RequestAborted);
        await context.Response.Body.FlushAsync(context.RequestAborted);
        await SecondChunk.WaitAsync(context.RequestAborted);
        await context.Response.WriteAsync("{\"type\":\"MODIFIED\"}\n", context.RequestAborted);
    }

    private static async Task EchoWebSocketAsync(HttpContext context)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }

        using var socket = await context.WebSockets.AcceptWebSocketAsync("v5.channel.k8s.io");
        var buffer = new byte[4096];
        while (true)
        {
            var received = await socket.ReceiveAsync(buffer, context.RequestAborted);
            if (received.MessageType == WebSocketMessageType.Close)
            {
                await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "bye", context.RequestAborted);
                return;
            }

            await socket.SendAsync(
                buffer.AsMemory(0, received.Count), received.MessageType, received.EndOfMessage,
                context.RequestAborted);
        }
    }

    private static async Task EchoSpdyAsync(HttpContext context)
    {
        var upgrade = context.Features.Get<IHttpUpgradeFeature>();
        if (upgrade is not { IsUpgradableRequest: true }
            || !string.Equals(context.Request.Headers.Upgrade, "SPDY/3.1", StringComparison.OrdinalIgnoreCase))
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }

        context.Response.Headers["X-Stream-Protocol-Version"] = "v4.channel.k8s.io";
        context.Response.Headers.Upgrade = "SPDY/3.1";
        var stream = await upgrade.UpgradeAsync();
        var buffer = new byte[4096];
        int read;
        while ((read = await stream.ReadAsync(buffer, context.RequestAborted)) > 0)
        {
            await stream.WriteAsync(buffer.AsMemory(0, read), context.RequestAborted);
            await stream.FlushAsync(context.RequestAborted);
        }
    }
}
