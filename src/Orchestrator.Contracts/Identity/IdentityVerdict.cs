namespace Orchestrator.Contracts.Identity;

/// <summary>Why <see cref="IdentitySigner.Verify"/> accepted or rejected an identity.</summary>
public enum IdentityVerdict
{
    /// <summary>The signature matches and the timestamp is recent.</summary>
    Valid,

    /// <summary>The timestamp is missing or not a number.</summary>
    MalformedTimestamp,

    /// <summary>The timestamp is older (or further in the future) than the allowed skew.</summary>
    Expired,

    /// <summary>The signature is missing or does not match the identity, timestamp, method and path.</summary>
    BadSignature,
}
