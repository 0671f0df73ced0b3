using Orchestrator.Contracts.Identity;

namespace Orchestrator.Gateway.Authentication;

/// <summary>
/// One way of proving who a caller is (a bearer token, a client certificate…). The gateway asks each registered
/// authenticator in turn; the first that recognises the request's credentials names the caller.
/// </summary>
public interface IRequestAuthenticator
{
    /// <summary>
    /// The caller proven by this request's credentials, or null when this authenticator does not recognise them
    /// (or the request carries none it understands). Never throws for bad credentials.
    /// </summary>
    ValueTask<CallerIdentity?> AuthenticateAsync(HttpContext context, CancellationToken cancellationToken);
}
