using System.Text.Json.Nodes;
using Orchestrator.Api.Resources;

namespace Orchestrator.Api.Discovery;

/// <summary>
/// The discovery documents of the served resources: the aggregated form (<c>apidiscovery.k8s.io/v2</c>) that
/// kubectl prefers, and the legacy form (<c>/api</c>, <c>/apis</c>, one resource list per group-version).
/// </summary>
public sealed class DiscoveryDocuments(ResourceCatalog catalog)
{
    public const string AggregatedContentType =
        "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList";

    /// <summary>
    /// The aggregated version an Accept header asks for, in the client's order: <c>v2</c>, or <c>v2beta1</c> (the
    /// only one kubectl before 1.30 reads), or null for the legacy form.
    /// </summary>
    public static string? AggregatedVersionWanted(string? accept)
    {
        foreach (var item in (accept ?? "").Split(','))
        {
            var parameters = item.Split(';').Select(p => p.Trim()).ToList();
            if (!parameters.Contains("as=APIGroupDiscoveryList") || !parameters.Contains("g=apidiscovery.k8s.io"))
            {
                continue;
            }

            if (parameters.Contains("v=v2"))
            {
                return "v2";
            }

            if (parameters.Contains("v=v2beta1"))
            {
                return "v2beta1";
            }
        }

        return null;
    }

    public static string AggregatedContentTypeOf(string version) =>
        $"application/json;g=apidiscovery.k8s.io;v={version};as=APIGroupDiscoveryList";

    /// <summary>
    /// The aggregated document of the core group (<c>/api</c>) or of the named groups (<c>/apis</c>).
    /// </summary>
    public JsonObject Aggregated(bool core, string version = "v2")
    {
        var items = new JsonArray();
        foreach (var (group, versions) in catalog.Groups.Where(g => (g.Group.Length == 0) == core))
        {
            var versionArray = new JsonArray();
            foreach (var groupVersion in versions)
            {
                var resources = new JsonArray();
                foreach (var resource in catalog.InGroupVersion(group, groupVersion))
                {
                    resources.Add(AggregatedResource(resource));
                }

                versionArray.Add(new JsonObject
                {
                    ["version"] = groupVersion,
                    ["resources"] = resources,
                    ["freshness"] = "Current",
                });
            }

            items.Add(new JsonObject
            {
                ["metadata"] = new JsonObject { ["name"] = group },
                ["versions"] = versionArray,
            });
        }

        return new JsonObject
        {
            ["kind"] = "APIGroupDiscoveryList",
            ["apiVersion"] = "apidiscovery.k8s.io/" + version,
            ["metadata"] = new JsonObject(),
            ["items"] = items,
        };
    }

    /// <summary>The legacy <c>/api</c> answer.</summary>
    public static JsonObject LegacyCoreVersions(string serverAddress) => new()
    {
        ["kind"] = "APIVersions",
        ["versions"] = new JsonArray("v1"),
        ["serverAddressByClientCIDRs"] = new JsonArray(new JsonObject
        {
            ["clientCIDR"] = "0.0.0.0/0",
            ["serverAddress"] = serverAddress,
        }),
    };

    /// <summary>The legacy <c>/apis</c> answer.</summary>
    public JsonObject LegacyGroups()
    {
        var groups = new JsonArray();
        foreach (var (group, versions) in catalog.Groups.Where(g => g.Group.Length > 0))
        {
            groups.Add(LegacyGroup(group, versions));
        }

        return new JsonObject { ["kind"] = "APIGroupList", ["apiVersion"] = "v1", ["groups"] = groups };
    }

    /// <summary>The legacy <c>/apis/{group}</c> answer, or null for an unknown group.</summary>
    public JsonObject? LegacyGroup(string group)
    {
        var match = catalog.Groups.FirstOrDefault(g => g.Group == group && group.Length > 0);
        if (match.Group is null)
        {
            return null;
        }

        var result = LegacyGroup(match.Group, match.Versions);
        result["kind"] = "APIGroup";
        result["apiVersion"] = "v1";
        return result;
    }

    /// <summary>The legacy resource list of one group-version, or null when nothing is served there.</summary>
    public JsonObject? LegacyResources(string group, string version)
    {
        var resources = catalog.InGroupVersion(group, version).ToList();
        if (resources.Count == 0)
        {
            return null;
        }

        var list = new JsonArray();
        foreach (var resource in resources)
        {
            list.Add(LegacyResource(resource));
            foreach (var sub in resource.Subresources)
            {
                var item = new JsonObject
                {
                    ["name"] = $"{resource.Plural}/{sub.Name}",
                    ["singularName"] = "",
                    ["namespaced"] = resource.IsNamespaced,
                };
                if (sub.Group.Length > 0 || sub.Version.Length > 0)
                {
                    item["group"] = sub.Group;
                    item["version"] = sub.Version.Length > 0 ? sub.Version : resource.Version;
                }

                item["kind"] = sub.Kind;
                item["verbs"] = Strings(sub.Verbs);
                list.Add(item);
            }
        }

        return new JsonObject
        {
            ["kind"] = "APIResourceList",
            ["apiVersion"] = "v1",
            ["groupVersion"] = group.Length == 0 ? version : $"{group}/{version}",
            ["resources"] = list,
        };
    }

    private static JsonObject AggregatedResource(ResourceDefinition resource)
    {
        var result = new JsonObject
        {
            ["resource"] = resource.Plural,
            ["responseKind"] = Kind(resource.Group, resource.Version, resource.Kind),
            ["scope"] = resource.IsNamespaced ? "Namespaced" : "Cluster",
            ["singularResource"] = resource.Singular,
            ["verbs"] = Strings(resource.Verbs),
        };
        if (resource.ShortNames.Count > 0)
        {
            result["shortNames"] = Strings(resource.ShortNames);
        }

        if (resource.Categories.Count > 0)
        {
            result["categories"] = Strings(resource.Categories);
        }

        if (resource.Subresources.Count > 0)
        {
            var subs = new JsonArray();
            foreach (var sub in resource.Subresources)
            {
                subs.Add(new JsonObject
                {
                    ["subresource"] = sub.Name,
                    ["responseKind"] = Kind(
                        sub.Group.Length > 0 ? sub.Group : resource.Group,
                        sub.Version.Length > 0 ? sub.Version : resource.Version,
                        sub.Kind),
                    ["verbs"] = Strings(sub.Verbs),
                });
            }

            result["subresources"] = subs;
        }

        return result;
    }

    private static JsonObject LegacyResource(ResourceDefinition resource)
    {
        var result = new JsonObject
        {
            ["name"] = resource.Plural,
            ["singularName"] = resource.Singular,
            ["namespaced"] = resource.IsNamespaced,
            ["kind"] = resource.Kind,
            ["verbs"] = Strings(resource.Verbs),
        };
        if (resource.ShortNames.Count > 0)
        {
            result["shortNames"] = Strings(resource.ShortNames);
        }

        if (resource.Categories.Count > 0)
        {
            result["categories"] = Strings(resource.Categories);
        }

        return result;
    }

    private static JsonObject LegacyGroup(string group, IReadOnlyList<string> versions)
    {
        var list = new JsonArray();
        foreach (var version in versions)
        {
            list.Add(new JsonObject { ["groupVersion"] = $"{group}/{version}", ["version"] = version });
        }

        return new JsonObject
        {
            ["name"] = group,
            ["versions"] = list,
            ["preferredVersion"] = new JsonObject
            {
                ["groupVersion"] = $"{group}/{versions[0]}",
                ["version"] = versions[0],
            },
        };
    }

    private static JsonObject Kind(string group, string version, string kind) =>
        new() { ["group"] = group, ["version"] = version, ["kind"] = kind };

    private static JsonArray Strings(IEnumerable<string> values) => new(values.Select(v => (JsonNode)v).ToArray());
}
