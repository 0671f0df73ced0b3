namespace Orchestrator.Contracts.Identity;

/// <summary>The proof that goes with an identity on one request: when it was signed, and the signature.</summary>
/// <param name="Timestamp">Unix time in seconds at signing, as sent in <see cref="IdentityHeaders.Timestamp"/>.</param>
/// <param name="Signature">The signature, as sent in <see cref="IdentityHeaders.Signature"/>.</param>
public sealed record SignedIdentity(string Timestamp, string Signature);
