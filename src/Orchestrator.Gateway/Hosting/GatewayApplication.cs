using Microsoft.AspNetCore.Server.Kestrel.Core;
using Orchestrator.Contracts.Identity;
using Orchestrator.Gateway.Authentication;
using Orchestrator.Gateway.Forwarding;
using Orchestrator.Gateway.Ingress;
using Orchestrator.Gateway.Tls;
using Yarp.ReverseProxy.Transforms;

namespace Orchestrator.Gateway.Hosting;

/// <summary>
/// Builds the gateway: Kestrel on HTTPS only (HTTP/1.1 and HTTP/2), authentication of every request, and YARP
/// forwarding to the region's control planes with the caller's identity signed into the headers.
/// </summary>
public static partial class GatewayApplication
{
    /// <summary>
    /// Builds the gateway from <paramref name="args"/>, the environment and <c>appsettings.json</c> (see
    /// <see cref="GatewayOptions.Read"/>). Creates the certificates, admin token and identity key in the data
    /// directory if they are missing.
    /// </summary>
    public static WebApplication Build(string[] args)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            ContentRootPath = AppContext.BaseDirectory,
        });
        return Build(builder, GatewayOptions.Read(builder.Configuration));
    }

    /// <summary>Builds the gateway with explicit <paramref name="options"/> on a prepared builder.</summary>
    public static WebApplication Build(WebApplicationBuilder builder, GatewayOptions options)
    {
        var time = TimeProvider.System;
        var certificates = GatewayCertificates.LoadOrCreate(
            options.DataDirectory, GatewayCertificates.SubjectNames(options.ExtraNames), time);
        var adminToken = AdminTokenFile.LoadOrCreate(options.DataDirectory);
        var signer = new IdentitySigner(IdentityKeyFile.LoadOrCreate(options.DataDirectory), time);

        builder.WebHost.ConfigureKestrel(kestrel => ConfigureKestrel(kestrel, options, certificates));

        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(certificates);
        builder.Services.AddSingleton(signer);
        builder.Services.AddSingleton<IRequestAuthenticator>(new AdminTokenAuthenticator(adminToken));
        var stamping = new IdentityStamping(signer);
        builder.Services.AddReverseProxy()
            .LoadFromMemory(RegionProxyConfiguration.Routes(), RegionProxyConfiguration.Clusters(options))
            .AddTransforms(context =>
            {
                context.AddRequestTransform(UpgradeMethodRestoring.ApplyAsync);
                context.AddRequestTransform(stamping.ApplyAsync);
            });

        if (options.IngressPort > 0)
        {
            var serviceListeners = new ServiceListenerConfiguration(options.Address);
            builder.Services.AddSingleton(serviceListeners);
            builder.WebHost.ConfigureKestrel(kestrel => kestrel.Configure(
                new ConfigurationBuilder().Add(serviceListeners).Build(), reloadOnChange: true));
            builder.Services.AddHttpClient<ControlPlaneClient>();
            builder.Services.AddSingleton<RouteSource>();
            builder.Services.AddHostedService(services => services.GetRequiredService<RouteSource>());
            builder.Services.AddSingleton<IngressProxy>();
            builder.Logging.AddFilter("System.Net.Http.HttpClient", LogLevel.Warning);
        }

        var app = builder.Build();
        if (options.IngressPort > 0)
        {
            app.UseWhen(
                context => context.Connection.LocalPort != options.Port,
                ingress => ingress.Run(app.Services.GetRequiredService<IngressProxy>().HandleAsync));
        }

        app.UseMiddleware<RequestAuthenticationMiddleware>();
        app.MapReverseProxy();

        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(GatewayApplication));
        LogStarting(logger, options.Region, options.Port, options.ControlPlanes.Count, options.DataDirectory);
        return app;
    }

    private static void ConfigureKestrel(
        KestrelServerOptions kestrel, GatewayOptions options, GatewayCertificates certificates)
    {
        kestrel.AddServerHeader = false;

        // A watch or `logs -f` may send nothing for minutes, and exec/port-forward sessions idle for hours. The
        // data-rate minimums would cut such streams; KeepAliveTimeout and RequestHeadersTimeout only govern a
        // connection between requests and while headers arrive, so their defaults do not touch a running stream.
        kestrel.Limits.MinResponseDataRate = null;
        kestrel.Limits.MinRequestBodyDataRate = null;
        kestrel.Limits.Http2.MaxStreamsPerConnection = 250;

        void Https(ListenOptions listen)
        {
            listen.Protocols = HttpProtocols.Http1AndHttp2;
            listen.UseHttps(https => https.ServerCertificate = certificates.Server);
        }

        void Listen(int port, Action<ListenOptions> configure)
        {
            if (options.Address is { } address)
            {
                kestrel.Listen(address, port, configure);
            }
            else
            {
                kestrel.ListenAnyIP(port, configure);
            }
        }

        Listen(options.Port, Https);
        if (options.IngressPort > 0)
        {
            Listen(options.IngressPort, listen => listen.Protocols = HttpProtocols.Http1);
        }
    }

    [LoggerMessage(EventId = 4001, Level = LogLevel.Information,
        Message = "Gateway of region {Region} on HTTPS port {Port}, forwarding to {ControlPlaneCount} " +
            "control planes; certificates and admin token in {DataDirectory}")]
    private static partial void LogStarting(
        ILogger logger, string region, int port, int controlPlaneCount, string dataDirectory);
}
