using Orchestrator.Contracts.Identity;
using Yarp.ReverseProxy.Transforms;

namespace Orchestrator.Gateway.Forwarding;

/// <summary>
/// The request transform that tells the control plane who the caller is: it removes every identity header and the
/// client's credentials from the forwarded request, then adds the caller the gateway authenticated, signed for
/// this method and path.
/// </summary>
public sealed class IdentityStamping
{
    private readonly IdentitySigner signer;

    public IdentityStamping(IdentitySigner signer)
    {
        this.signer = signer;
    }

    /// <summary>Rewrites the headers of one forwarded request; see the type's summary.</summary>
    /// <exception cref="InvalidOperationException">No caller was authenticated for the request.</exception>
    public ValueTask ApplyAsync(RequestTransformContext transform)
    {
        var headers = transform.ProxyRequest.Headers;
        var forged = headers.Select(header => header.Key).Where(IdentityHeaders.IsIdentityHeader).ToList();
        foreach (var name in forged)
        {
            headers.Remove(name);
        }

        headers.Remove("Authorization");

        var request = transform.HttpContext.Request;
        var identity = transform.HttpContext.Features.Get<CallerIdentity>()
            ?? throw new InvalidOperationException("A request reached the forwarder without an authenticated caller");
        var path = request.PathBase.Add(request.Path).Value ?? "/";
        var proof = signer.Sign(identity, request.Method, path);

        headers.TryAddWithoutValidation(IdentityHeaders.User, identity.User);
        foreach (var group in identity.Groups)
        {
            headers.TryAddWithoutValidation(IdentityHeaders.Group, group);
        }

        headers.TryAddWithoutValidation(IdentityHeaders.Timestamp, proof.Timestamp);
        headers.TryAddWithoutValidation(IdentityHeaders.Signature, proof.Signature);
        return ValueTask.CompletedTask;
    }
}
