namespace Orchestrator.Api.Lifecycle;

/// <summary>One entry of <c>metadata.ownerReferences</c>.</summary>
public sealed record OwnerReference(string ApiVersion, string Kind, string Name, string Uid);
