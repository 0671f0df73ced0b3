using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Orchestrator.Api.Networking;
using Orchestrator.Api.Server;
using Orchestrator.Store.Objects;
using Yarp.ReverseProxy.Forwarder;

namespace Orchestrator.Api.Handlers;

public sealed partial class ResourceHandler
{
    private static readonly HttpMessageInvoker ProxyClient = new(new SocketsHttpHandler
    {
        UseProxy = false,
        AllowAutoRedirect = false,
        AutomaticDecompression = DecompressionMethods.None,
        UseCookies = false,
        ConnectTimeout = TimeSpan.FromSeconds(5),
    });

    // services/{name}[:port]/proxy/... and pods/{name}[:port]/proxy/...: the request goes on, path and query kept,
    // to a ready endpoint of the Service or to the pod's IP.
    private async Task ProxyAsync(HttpContext context, ResourcePath path)
    {
        var target = ProxyTarget.Parse(path.Name!);
        var destination = path.Resource.Kind switch
        {
            "Service" => await ServiceDestinationAsync(path, target, context.RequestAborted),
            "Pod" => await PodDestinationAsync(path, target, context.RequestAborted),
            _ => throw ApiErrors.MethodNotSupported(path.Resource),
        };

        context.Request.Path = "/" + (path.Rest ?? "");
        context.Request.PathBase = PathString.Empty;
        var forwarder = context.RequestServices.GetRequiredService<IHttpForwarder>();
        var error = await forwarder.SendAsync(context, destination, ProxyClient, ForwarderRequestConfig.Empty,
            ProxyRequestTransformer.Instance);
        if (error != ForwarderError.None && !context.Response.HasStarted)
        {
            throw ApiErrors.ServiceUnavailable($"error trying to reach {path.Resource.Singular}: {error}");
        }
    }

    private async Task<string> ServiceDestinationAsync(
        ResourcePath path, ProxyTarget target, CancellationToken cancellationToken)
    {
        var service = await GetExistingAsync(path with { Name = target.Name }, cancellationToken);
        var port = ServiceProxyRoutes.FindPort(service.Object, target.Port)
            ?? throw ApiErrors.ServiceUnavailable(
                $"no service port \"{target.Port}\" found for service \"{target.Name}\"");
        var slices = await _store.ListAsync(
            new ListRequest("discovery.k8s.io/endpointslices")
            {
                Namespace = path.Namespace,
                Filter = Store.Selection.ObjectFilter.Parse($"kubernetes.io/service-name={target.Name}", null),
            },
            cancellationToken);
        var addresses = ServiceProxyRoutes.ReadyAddresses(slices.Items.Select(s => s.Object), port);
        if (addresses.Count == 0)
        {
            throw ApiErrors.ServiceUnavailable($"no endpoints available for service \"{target.Name}\"");
        }

        return $"{target.Scheme}://{addresses[Random.Shared.Next(addresses.Count)]}";
    }

    private async Task<string> PodDestinationAsync(
        ResourcePath path, ProxyTarget target, CancellationToken cancellationToken)
    {
        var pod = await GetExistingAsync(path with { Name = target.Name }, cancellationToken);
        var ip = pod.Object["status"]?["podIP"]?.GetValue<string>();
        if (string.IsNullOrEmpty(ip))
        {
            throw ApiErrors.BadRequest($"address not allowed: pod {target.Name} has no IP");
        }

        return target.Port.Length == 0 ? $"{target.Scheme}://{ip}" : $"{target.Scheme}://{ip}:{target.Port}";
    }
}
