namespace Orchestrator.Contracts.Identity;

/// <summary>
/// The request headers that carry a caller's identity from the gateway to the control plane. Only the gateway may
/// set them: it removes whatever a client sent under these names before it adds its own, signed ones.
/// </summary>
public static class IdentityHeaders
{
    /// <summary>The authenticated user name.</summary>
    public const string User = "X-Remote-User";

    /// <summary>One group of the user; repeated once per group, in order.</summary>
    public const string Group = "X-Remote-Group";

    /// <summary>When the gateway signed the identity: Unix time in seconds.</summary>
    public const string Timestamp = "X-Remote-Identity-Timestamp";

    /// <summary>The HMAC-SHA256 of the identity, timestamp, method and path, in unpadded base64url.</summary>
    public const string Signature = "X-Remote-Identity-Signature";

    /// <summary>Prefix of kube-apiserver's extra user attributes; never accepted from a client.</summary>
    public const string ExtraPrefix = "X-Remote-Extra-";

    /// <summary>True when <paramref name="name"/> is one of the identity headers (or an extra attribute).</summary>
    public static bool IsIdentityHeader(string name) =>
        name.Equals(User, StringComparison.OrdinalIgnoreCase)
        || name.Equals(Group, StringComparison.OrdinalIgnoreCase)
        || name.Equals(Timestamp, StringComparison.OrdinalIgnoreCase)
        || name.Equals(Signature, StringComparison.OrdinalIgnoreCase)
        || name.StartsWith(ExtraPrefix, StringComparison.OrdinalIgnoreCase);
}
