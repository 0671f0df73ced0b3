using Orchestrator.Api.Resources;

namespace Orchestrator.Api.Server;

/// <summary>
/// What a resource URL names: the resource, the namespace (null for cluster-scoped resources and for lists across
/// all namespaces), the object's name, the subresource and, for proxies, the rest of the path.
/// </summary>
public sealed record ResourcePath(
    ResourceDefinition Resource, string? Namespace, string? Name, string? Subresource, string? Rest)
{
    public bool IsCollection => Name is null;

    /// <summary>
    /// Parses the segments after <c>/api/{version}</c> or <c>/apis/{group}/{version}</c>; null when no resource
    /// is served at that path.
    /// </summary>
    public static ResourcePath? Parse(ResourceCatalog catalog, string group, string version, string[] segments)
    {
        if (segments.Length == 0)
        {
            return null;
        }

        // namespaces/{ns}/{resource}/... addresses a namespaced resource; namespaces[/{name}[/{sub}]] the namespace.
        if (segments[0] == "namespaces" && segments.Length >= 3 &&
            catalog.Find(group, version, segments[2]) is { IsNamespaced: true } namespaced)
        {
            return Item(namespaced, segments[1], segments[3..]);
        }

        var resource = catalog.Find(group, version, segments[0]);
        if (resource is null)
        {
            return null;
        }

        // A namespaced resource without a namespace is only a list or watch across every namespace.
        if (resource.IsNamespaced)
        {
            return segments.Length == 1 ? new ResourcePath(resource, null, null, null, null) : null;
        }

        return Item(resource, null, segments[1..]);
    }

    private static ResourcePath? Item(ResourceDefinition resource, string? ns, string[] rest)
    {
        return rest.Length switch
        {
            0 => new ResourcePath(resource, ns, null, null, null),
            1 => new ResourcePath(resource, ns, rest[0], null, null),
            2 when resource.FindSubresource(rest[1]) is not null =>
                new ResourcePath(resource, ns, rest[0], rest[1], null),
            > 2 when rest[1] == "proxy" =>
                new ResourcePath(resource, ns, rest[0], rest[1], string.Join('/', rest[2..])),
            _ => null,
        };
    }
}
