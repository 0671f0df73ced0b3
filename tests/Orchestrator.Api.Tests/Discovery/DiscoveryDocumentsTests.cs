using System.Text.Json.Nodes;
using Orchestrator.Api.Discovery;
using Orchestrator.Api.Resources;

namespace Orchestrator.Api.Tests.Discovery;

[TestClass]
[TestCategory("Unit")]
public sealed class DiscoveryDocumentsTests
{
    private readonly DiscoveryDocuments _documents = new(ResourceCatalog.Default);

    [TestMethod]
    public void Aggregated_EveryResource_HasResponseKindScopeAndVerbs()
    {
        foreach (var core in new[] { true, false })
        {
            var list = _documents.Aggregated(core);
            foreach (var resource in list["items"]!.AsArray().SelectMany(g => g!["versions"]![0]!["resources"]!
                .AsArray()))
            {
                Assert.IsFalse(string.IsNullOrEmpty(resource!["responseKind"]!["kind"]!.GetValue<string>()));
                CollectionAssert.Contains(new[] { "Namespaced", "Cluster" }, resource["scope"]!.GetValue<string>());
                Assert.IsTrue(resource["verbs"]!.AsArray().Count > 0);
            }
        }
    }

    [TestMethod]
    [DataRow(true, "", "pods", "po", "all")]
    [DataRow(false, "apps", "deployments", "deploy", "all")]
    public void Aggregated_Workloads_CarryShortNamesAndTheAllCategory(
        bool core, string group, string plural, string shortName, string category)
    {
        var resource = FindAggregated(core, group, plural);

        CollectionAssert.Contains(Strings(resource["shortNames"]), shortName);
        CollectionAssert.Contains(Strings(resource["categories"]), category);
    }

    [TestMethod]
    [DataRow(true, "", "pods", "log")]
    [DataRow(true, "", "pods", "exec")]
    [DataRow(false, "apps", "deployments", "scale")]
    [DataRow(false, "apps", "replicasets", "status")]
    public void Aggregated_Subresources_AreListedWithResponseKinds(bool core, string group, string plural, string sub)
    {
        var resource = FindAggregated(core, group, plural);

        var found = resource["subresources"]!.AsArray().Single(s => s!["subresource"]!.GetValue<string>() == sub);
        Assert.IsFalse(string.IsNullOrEmpty(found!["responseKind"]!["kind"]!.GetValue<string>()));
    }

    [TestMethod]
    public void LegacyResources_AppsV1_ListsScaleSubresourceInAutoscaling()
    {
        var list = _documents.LegacyResources("apps", "v1")!;

        var scale = list["resources"]!.AsArray().Single(r => r!["name"]!.GetValue<string>() == "deployments/scale");
        Assert.AreEqual("autoscaling", scale!["group"]!.GetValue<string>());
        Assert.AreEqual("Scale", scale["kind"]!.GetValue<string>());
    }

    private JsonObject FindAggregated(bool core, string group, string plural) =>
        _documents.Aggregated(core)["items"]!.AsArray()
            .Single(g => g!["metadata"]!["name"]!.GetValue<string>() == group)!["versions"]![0]!["resources"]!
            .AsArray().Single(r => r!["resource"]!.GetValue<string>() == plural)!.AsObject();

    private static string[] Strings(JsonNode? node) =>
        node!.AsArray().Select(n => n!.GetValue<string>()).ToArray();
}
