namespace Orchestrator.Api.Resources;

/// <summary>Every resource the API serves, found by group, version and plural or by kind.</summary>
public sealed class ResourceCatalog
{
    private readonly Dictionary<(string Group, string Version, string Plural), ResourceDefinition> _byPath;
    private readonly Dictionary<(string Group, string Version, string Kind), ResourceDefinition> _byKind;

    public ResourceCatalog(IEnumerable<ResourceDefinition> resources)
    {
        Resources = resources.ToList();
        _byPath = Resources.ToDictionary(r => (r.Group, r.Version, r.Plural));
        _byKind = Resources.ToDictionary(r => (r.Group, r.Version, r.Kind));
    }

    /// <summary>The catalog of the built-in resources.</summary>
    public static ResourceCatalog Default { get; } = new(BuiltInResources.All);

    public IReadOnlyList<ResourceDefinition> Resources { get; }

    /// <summary>The served groups in discovery order, each with its versions, the preferred one first.</summary>
    public IReadOnlyList<(string Group, IReadOnlyList<string> Versions)> Groups =>
        Resources.GroupBy(r => r.Group)
            .Select(g => (g.Key, (IReadOnlyList<string>)g.Select(r => r.Version).Distinct().ToList()))
            .ToList();

    public ResourceDefinition? Find(string group, string version, string plural) =>
        _byPath.GetValueOrDefault((group, version, plural));

    public ResourceDefinition? FindKind(string group, string version, string kind) =>
        _byKind.GetValueOrDefault((group, version, kind));

    /// <summary>The resource of an <c>apiVersion</c> and <c>kind</c> as objects carry them.</summary>
    public ResourceDefinition? FindByApiVersion(string apiVersion, string kind)
    {
        var slash = apiVersion.IndexOf('/');
        return slash < 0
            ? FindKind("", apiVersion, kind)
            : FindKind(apiVersion[..slash], apiVersion[(slash + 1)..], kind);
    }

    public IEnumerable<ResourceDefinition> InGroupVersion(string group, string version) =>
        Resources.Where(r => r.Group == group && r.Version == version);
}
