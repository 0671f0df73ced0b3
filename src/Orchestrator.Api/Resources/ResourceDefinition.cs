namespace Orchestrator.Api.Resources;

/// <summary>
/// One resource the API serves: where it lives (group, version, plural), what it is (kind, scope), how users name
/// it (singular, short names, categories), what they may do with it (verbs, subresources), and where it is stored.
/// </summary>
public sealed record ResourceDefinition(
    string Group, string Version, string Plural, string Singular, string Kind, bool IsNamespaced)
{
    public static readonly IReadOnlyList<string> AllVerbs =
        ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"];

    public IReadOnlyList<string> ShortNames { get; init; } = [];

    public IReadOnlyList<string> Categories { get; init; } = [];

    public IReadOnlyList<string> Verbs { get; init; } = AllVerbs;

    public IReadOnlyList<SubresourceDefinition> Subresources { get; init; } = [];

    /// <summary>False for resources that are only created and answered, never kept (reviews, tokens).</summary>
    public bool IsPersisted { get; init; } = true;

    /// <summary>
    /// The store's resource key. Versions and groups that serve the same objects share it (core/v1 and
    /// events.k8s.io/v1 events).
    /// </summary>
    public string StorageKey { get; init; } = "";

    /// <summary><c>v1</c> for the core group, <c>apps/v1</c> otherwise.</summary>
    public string ApiVersion => Group.Length == 0 ? Version : $"{Group}/{Version}";

    /// <summary>How errors name the resource: <c>pods</c>, <c>deployments.apps</c>.</summary>
    public string GroupResource => Group.Length == 0 ? Plural : $"{Plural}.{Group}";

    public string ListKind => Kind + "List";

    public SubresourceDefinition? FindSubresource(string name) => Subresources.FirstOrDefault(s => s.Name == name);
}
