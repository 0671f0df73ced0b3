using System.Net;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;
using Orchestrator.Gateway.Authentication;
using Orchestrator.Gateway.Hosting;
using Orchestrator.Gateway.Tls;
using Orchestrator.Testing;

namespace Orchestrator.Gateway.Tests.Hosting;

/// <summary>The real gateway, on real Kestrel with TLS, in this process, in front of one test control plane.</summary>
public sealed class RunningGateway : IAsyncDisposable
{
    private readonly WebApplication app;

    private RunningGateway(WebApplication app, GatewayOptions options)
    {
        this.app = app;
        Options = options;
        Address = new Uri($"https://127.0.0.1:{options.Port}");
        Authority = X509Certificate2.CreateFromPem(
            File.ReadAllText(Path.Combine(options.DataDirectory, GatewayCertificates.AuthorityCertificateFile)));
        AdminToken = AdminTokenFile.LoadOrCreate(options.DataDirectory);
    }

    public GatewayOptions Options { get; }

    public Uri Address { get; }

    public X509Certificate2 Authority { get; }

    public string AdminToken { get; }

    public static async Task<RunningGateway> StartAsync(string dataDirectory, Uri controlPlane)
    {
        var options = new GatewayOptions
        {
            DataDirectory = dataDirectory,
            Address = IPAddress.Loopback,
            Port = FreePorts.Next(),
            ControlPlanes = [controlPlane],
        };
        var builder = WebApplication.CreateBuilder();
        builder.Logging.ClearProviders();
        var app = GatewayApplication.Build(builder, options);
        await app.StartAsync();
        return new RunningGateway(app, options);
    }

    /// <summary>
    /// A client that trusts only the gateway's CA and checks the host name, speaking <paramref name="version"/>
    /// exactly, with <paramref name="token"/> as its bearer token when given.
    /// </summary>
    public HttpClient Client(string? token, Version? version = null)
    {
        var handler = new SocketsHttpHandler { SslOptions = { RemoteCertificateValidationCallback = TrustsAuthority } };
        var client = new HttpClient(handler)
        {
            BaseAddress = Address,
            DefaultRequestVersion = version ?? HttpVersion.Version11,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new("Bearer", token);
        }

        return client;
    }

    /// <summary>Accepts the server's certificate only when it chains to the gateway's CA and names the host.</summary>
    public bool TrustsAuthority(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (certificate is null || (errors & ~SslPolicyErrors.RemoteCertificateChainErrors) != SslPolicyErrors.None)
        {
            return false;
        }

        using var custom = new X509Chain();
        custom.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        custom.ChainPolicy.CustomTrustStore.Add(Authority);
        custom.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return custom.Build(new X509Certificate2(certificate));
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
