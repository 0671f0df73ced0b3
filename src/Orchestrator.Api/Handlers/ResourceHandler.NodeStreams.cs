using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Orchestrator.Api.Networking;
using Orchestrator.Api.Server;
using Orchestrator.Store.Objects;
using Yarp.ReverseProxy.Forwarder;

namespace Orchestrator.Api.Handlers;

public sealed partial class ResourceHandler
{
    // Streams last as long as the client keeps them (logs -f, an idle exec -it or port-forward).
    private static readonly ForwarderRequestConfig NodeStreamRequest = new()
    {
        Version = System.Net.HttpVersion.Version11,
        VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        ActivityTimeout = TimeSpan.FromHours(4),
    };

    // pods/log, exec, attach and portforward: checked as kube-apiserver does, then sent on (upgrades included) to the
    // node agent of the pod's node at kubelet's path, the query kept.
    private async Task NodeStreamAsync(HttpContext context, ResourcePath path, string subresource)
    {
        var pod = (await GetExistingAsync(path, context.RequestAborted)).ToJsonObject();
        var query = context.Request.Query;
        var container = subresource == "portforward"
            ? ""
            : PodStreamTarget.SelectContainer(pod, query["container"].FirstOrDefault());
        var previous = query["previous"].FirstOrDefault() is "true" or "1";
        PodStreamTarget.EnsureReachable(pod, container, subresource, previous);

        var nodeName = pod["spec"]!["nodeName"]!.GetValue<string>();
        var node = await _store.GetAsync(new ObjectKey("nodes", "", nodeName), context.RequestAborted)
            ?? throw ApiErrors.NotFound("", "nodes", nodeName);
        var agent = PodStreamTarget.AgentAddress(node.ToJsonObject())
            ?? throw ApiErrors.ServiceUnavailable(
                $"node {nodeName} advertises no node agent address (status.addresses and " +
                "status.daemonEndpoints.kubeletEndpoint.Port)");

        context.Request.Path = PodStreamTarget.AgentPath(subresource, path.Namespace!, path.Name!, container);
        context.Request.PathBase = PathString.Empty;
        var forwarder = context.RequestServices.GetRequiredService<IHttpForwarder>();
        var error = await forwarder.SendAsync(context, agent, ProxyClient, NodeStreamRequest,
            ProxyRequestTransformer.Instance);
        if (error != ForwarderError.None && !context.Response.HasStarted)
        {
            var cause = context.GetForwarderErrorFeature()?.Exception?.Message ?? error.ToString();
            throw ApiErrors.ServiceUnavailable(
                $"error dialing backend: the node agent of node {nodeName} at {agent} is unreachable: {cause}");
        }
    }
}
