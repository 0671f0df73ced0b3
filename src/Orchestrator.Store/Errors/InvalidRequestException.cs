namespace Orchestrator.Store.Errors;

/// <summary>A malformed selector, continue token or resourceVersion (400 BadRequest).</summary>
public sealed class InvalidRequestException(string message) : StoreException(message);
