using System.Security.Cryptography;
using System.Text;
using Orchestrator.Contracts.Identity;

namespace Orchestrator.Gateway.Authentication;

/// <summary>
/// Accepts the region's bootstrap admin token (see <see cref="AdminTokenFile"/>) as a bearer token and maps it
/// to user <c>admin</c> in <c>system:masters</c> and <c>system:authenticated</c>.
/// </summary>
public sealed class AdminTokenAuthenticator : IRequestAuthenticator
{
    /// <summary>The caller the admin token proves.</summary>
    public static readonly CallerIdentity Admin = new("admin", ["system:masters", "system:authenticated"]);

    private readonly byte[] token;

    public AdminTokenAuthenticator(string token)
    {
        this.token = Encoding.UTF8.GetBytes(token);
    }

    public ValueTask<CallerIdentity?> AuthenticateAsync(HttpContext context, CancellationToken cancellationToken)
    {
        var presented = BearerToken.From(context.Request);
        var matches = presented is not null
            && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(presented), token);
        return ValueTask.FromResult(matches ? Admin : null);
    }
}
