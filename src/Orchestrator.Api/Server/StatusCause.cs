namespace Orchestrator.Api.Server;

/// <summary>
/// One cause of a failed request, as Kubernetes' <c>StatusCause</c>: a reason, a message and the field.
/// </summary>
public sealed record StatusCause(string Reason, string Message, string? Field = null);
