using System.Security.Claims;
using Microsoft.Extensions.Primitives;
using Orchestrator.Api.Server;
using Orchestrator.Contracts.Identity;

namespace Orchestrator.ControlPlane.Hosting;

/// <summary>
/// Accepts the caller identity the gateway signed into a request's <c>X-Remote-*</c> headers: when the signature
/// verifies, the request runs as that user (<see cref="HttpContext.User"/> and <see cref="CallerIdentity"/> in the
/// request's features). Requests to <c>/api</c> and <c>/apis</c> without a valid signature get a 401 Status; the
/// health, version and OpenAPI paths stay open and run as <see cref="CallerIdentity.Anonymous"/> when unsigned.
/// </summary>
public sealed partial class IdentityVerificationMiddleware
{
    /// <summary>The authentication type of principals made from signed headers.</summary>
    public const string AuthenticationType = "GatewaySignedHeaders";

    /// <summary>The claim type of each group of the caller.</summary>
    public const string GroupClaimType = "groups";

    private readonly RequestDelegate next;
    private readonly IdentitySigner signer;
    private readonly ILogger<IdentityVerificationMiddleware> logger;

    public IdentityVerificationMiddleware(
        RequestDelegate next, IdentitySigner signer, ILogger<IdentityVerificationMiddleware> logger)
    {
        this.next = next;
        this.signer = signer;
        this.logger = logger;
    }

    public async Task InvokeAsync(HttpContext context)
    {
        var (identity, verdict) = ReadIdentity(context.Request);
        if (identity is null && RequiresIdentity(context.Request.Path))
        {
            LogRejected(logger, context.Request.Method, context.Request.Path.Value ?? "", verdict);
            await WriteUnauthorizedAsync(context.Response, context.RequestAborted);
            return;
        }

        identity ??= CallerIdentity.Anonymous;
        context.Features.Set(identity);
        context.User = ToPrincipal(identity);
        await next(context);
    }

    /// <summary>True for the resource paths, which nobody may reach without a verified identity.</summary>
    public static bool RequiresIdentity(PathString path) =>
        path.StartsWithSegments("/api") || path.StartsWithSegments("/apis");

    /// <summary>The claims principal of a verified caller: a name claim and one group claim per group.</summary>
    public static ClaimsPrincipal ToPrincipal(CallerIdentity identity)
    {
        var claims = new List<Claim> { new(ClaimTypes.Name, identity.User) };
        claims.AddRange(identity.Groups.Select(group => new Claim(GroupClaimType, group)));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, AuthenticationType, ClaimTypes.Name, GroupClaimType));
    }

    private (CallerIdentity? Identity, string Verdict) ReadIdentity(HttpRequest request)
    {
        var headers = request.Headers;
        if (!TrySingle(headers[IdentityHeaders.User], out var user)
            || !TrySingle(headers[IdentityHeaders.Timestamp], out var timestamp)
            || !TrySingle(headers[IdentityHeaders.Signature], out var signature))
        {
            return (null, "no signed identity");
        }

        // .NET's HTTP/1.1 client joins the repeated group headers into one comma-separated line; Go's does not.
        // Both read the same. A group with a comma in it never verifies, so it fails closed.
        var groups = headers[IdentityHeaders.Group]
            .SelectMany(line => (line ?? "").Split(',', StringSplitOptions.TrimEntries))
            .Where(group => group.Length > 0)
            .ToArray();
        var identity = new CallerIdentity(user, groups);
        var path = request.PathBase.Add(request.Path).Value ?? "/";
        var verdict = signer.Verify(identity, new SignedIdentity(timestamp, signature), request.Method, path);
        return verdict == IdentityVerdict.Valid ? (identity, "valid") : (null, verdict.ToString());
    }

    private static bool TrySingle(StringValues values, out string value)
    {
        value = values.Count == 1 ? values[0] ?? "" : "";
        return value.Length > 0;
    }

    private static async Task WriteUnauthorizedAsync(HttpResponse response, CancellationToken cancellationToken)
    {
        response.StatusCode = StatusCodes.Status401Unauthorized;
        response.ContentType = "application/json";
        await response.WriteAsync(ApiErrors.Unauthorized().ToStatus().ToJsonString(), cancellationToken);
    }

    [LoggerMessage(EventId = 2201, Level = LogLevel.Debug,
        Message = "Rejected {Method} {Path}: the caller identity did not verify ({Verdict})")]
    private static partial void LogRejected(ILogger logger, string method, string path, string verdict);
}
