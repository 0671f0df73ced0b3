namespace Orchestrator.Api.Apply;

/// <summary>
/// One <c>managedFields</c> entry: the fields an owner owns, the API version it last wrote with, and when.
/// </summary>
public sealed record OwnedFields(FieldSet Fields, string ApiVersion, DateTimeOffset? Time);
