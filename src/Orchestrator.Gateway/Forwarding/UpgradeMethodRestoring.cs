using Microsoft.AspNetCore.Http.Features;
using Yarp.ReverseProxy.Transforms;

namespace Orchestrator.Gateway.Forwarding;

/// <summary>
/// Keeps the method of an upgrade request. YARP sends every HTTP/1.1 upgrade as a GET, but kubectl's SPDY/3.1
/// exec, attach and port-forward requests are POSTs, and the control plane should see what the client sent.
/// </summary>
public static class UpgradeMethodRestoring
{
    /// <summary>Sets the forwarded method back to the client's for an upgradable request; a no-op otherwise.</summary>
    public static ValueTask ApplyAsync(RequestTransformContext transform)
    {
        var request = transform.HttpContext.Request;
        var upgradable = transform.HttpContext.Features.Get<IHttpUpgradeFeature>()?.IsUpgradableRequest ?? false;
        if (upgradable && !HttpMethods.Equals(transform.ProxyRequest.Method.Method, request.Method))
        {
            transform.ProxyRequest.Method = new HttpMethod(request.Method);
        }

        return ValueTask.CompletedTask;
    }
}
