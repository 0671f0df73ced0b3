using Orchestrator.Contracts.Identity;

namespace Orchestrator.Gateway.Authentication;

/// <summary>
/// Names the caller of every request before it is forwarded, as kube-apiserver's authentication does: the first
/// <see cref="IRequestAuthenticator"/> that recognises the credentials wins; credentials that none recognises get
/// 401; a request without credentials runs as <see cref="CallerIdentity.Anonymous"/>, which may only reach the
/// health and version paths. The caller is stored in the request's features for the forwarder to sign.
/// </summary>
public sealed partial class RequestAuthenticationMiddleware
{
    // The body kube-apiserver sends with a 401, byte for byte.
    private const string UnauthorizedStatus =
        """{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"Unauthorized",""" +
        "\"reason\":\"Unauthorized\",\"code\":401}";

    private static readonly string[] AnonymousPaths = ["/healthz", "/livez", "/readyz", "/version"];

    private readonly RequestDelegate next;
    private readonly IReadOnlyList<IRequestAuthenticator> authenticators;
    private readonly ILogger<RequestAuthenticationMiddleware> logger;

    public RequestAuthenticationMiddleware(
        RequestDelegate next,
        IEnumerable<IRequestAuthenticator> authenticators,
        ILogger<RequestAuthenticationMiddleware> logger)
    {
        this.next = next;
        this.authenticators = authenticators.ToList();
        this.logger = logger;
    }

    public async Task InvokeAsync(HttpContext context)
    {
        var identity = await AuthenticateAsync(context);
        if (identity is null)
        {
            LogUnauthorized(logger, context.Request.Method, context.Request.Path.Value ?? "");
            await WriteUnauthorizedAsync(context.Response, context.RequestAborted);
            return;
        }

        context.Features.Set(identity);
        await next(context);
    }

    /// <summary>True for the paths kube-apiserver lets anonymous callers read.</summary>
    public static bool AllowsAnonymous(PathString path) =>
        AnonymousPaths.Any(open => path.StartsWithSegments(open, StringComparison.Ordinal));

    private async Task<CallerIdentity?> AuthenticateAsync(HttpContext context)
    {
        // TODO: only the bootstrap admin token is recognised; service-account tokens (signed JWTs checked against
        // the region's service accounts) and client certificates (Kestrel's ClientCertificateMode plus a check
        // against ca.crt) still need authenticators of their own here.
        foreach (var authenticator in authenticators)
        {
            if (await authenticator.AuthenticateAsync(context, context.RequestAborted) is { } identity)
            {
                return identity;
            }
        }

        var presentedCredentials = context.Request.Headers.Authorization.Count > 0;
        return !presentedCredentials && AllowsAnonymous(context.Request.Path) ? CallerIdentity.Anonymous : null;
    }

    private static async Task WriteUnauthorizedAsync(HttpResponse response, CancellationToken cancellationToken)
    {
        response.StatusCode = StatusCodes.Status401Unauthorized;
        response.ContentType = "application/json";
        await response.WriteAsync(UnauthorizedStatus, cancellationToken);
    }

    [LoggerMessage(EventId = 4101, Level = LogLevel.Debug, Message = "Refused {Method} {Path}: unauthorized")]
    private static partial void LogUnauthorized(ILogger logger, string method, string path);
}
