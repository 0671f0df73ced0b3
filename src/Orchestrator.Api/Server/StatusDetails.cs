namespace Orchestrator.Api.Server;

/// <summary>The details of a Status: which object (name, group, kind, uid) and every cause.</summary>
public sealed record StatusDetails(
    string? Name = null, string? Group = null, string? Kind = null, IReadOnlyList<StatusCause>? Causes = null)
{
    public string? Uid { get; init; }

    public int? RetryAfterSeconds { get; init; }
}
