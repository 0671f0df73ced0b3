using System.Text.Json.Nodes;
using Orchestrator.Api.Resources;

namespace Orchestrator.Api.Tests.OpenApi;

/// <summary>
/// A minimal aggregated discovery (<c>apidiscovery.k8s.io/v2</c>) of a resource catalog, enough for kubectl to map
/// resource names to kinds. Test-only: the product's discovery lives elsewhere.
/// </summary>
internal static class TestDiscoveryDocuments
{
    public const string ContentType = "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList";

    public static JsonObject For(ResourceCatalog catalog, bool core)
    {
        var items = new JsonArray();
        foreach (var (group, versions) in catalog.Groups.Where(g => (g.Group.Length == 0) == core))
        {
            var versionArray = new JsonArray();
            foreach (var version in versions)
            {
                var resources = new JsonArray();
                foreach (var resource in catalog.InGroupVersion(group, version))
                {
                    resources.Add(new JsonObject
                    {
                        ["resource"] = resource.Plural,
                        ["singularResource"] = resource.Singular,
                        ["scope"] = resource.IsNamespaced ? "Namespaced" : "Cluster",
                        ["responseKind"] = new JsonObject
                        {
                            ["group"] = group,
                            ["version"] = version,
                            ["kind"] = resource.Kind,
                        },
                        ["verbs"] = new JsonArray(resource.Verbs.Select(v => (JsonNode)JsonValue.Create(v)).ToArray()),
                        ["shortNames"] = new JsonArray(
                            resource.ShortNames.Select(v => (JsonNode)JsonValue.Create(v)).ToArray()),
                    });
                }

                versionArray.Add(new JsonObject
                {
                    ["version"] = version,
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
            ["apiVersion"] = "apidiscovery.k8s.io/v2",
            ["metadata"] = new JsonObject(),
            ["items"] = items,
        };
    }
}
