namespace Orchestrator.Store.Errors;

/// <summary>
/// A list or watch asked for a revision older than the kept history (410 Expired). For an expired continue token,
/// <see cref="FreshContinue"/> lets the client go on from the same key at the current revision.
/// </summary>
public sealed class ResourceExpiredException(string message, string? freshContinue = null) : StoreException(message)
{
    public string? FreshContinue { get; } = freshContinue;
}
