namespace Orchestrator.Api.Resources;

/// <summary>
/// A subresource such as <c>status</c>, <c>scale</c> or <c>log</c>: the kind it answers with and the verbs it allows.
/// An empty <see cref="Group"/> and <see cref="Version"/> mean the parent resource's own group and version.
/// </summary>
public sealed record SubresourceDefinition(string Name, string Kind, IReadOnlyList<string> Verbs)
{
    public string Group { get; init; } = "";

    public string Version { get; init; } = "";
}
