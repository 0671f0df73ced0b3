using System.Text.Json.Nodes;
using Orchestrator.ControlPlane.Workloads;

namespace Orchestrator.ControlPlane.Tests.Workloads;

[TestClass]
[TestCategory("Unit")]
public sealed class PodTemplateHashTests
{
    private const string Template = """
        {"metadata":{"labels":{"app":"web","tier":"front"}},
         "spec":{"containers":[{"name":"app","image":"web:1","ports":[{"containerPort":80}]}]}}
        """;

    private const string Reordered = """
        {"spec":{"containers":[{"ports":[{"containerPort":80}],"image":"web:1","name":"app"}]},
         "metadata":{"labels":{"tier":"front","app":"web"}}}
        """;

    [TestMethod]
    public void Compute_SameTemplate_IsStableAndIgnoresKeyOrderAndHashLabel()
    {
        var hashed = Parse(Template);
        hashed["metadata"]!["labels"]![PodTemplateHash.Label] = "zzz";

        var hash = PodTemplateHash.Compute(Parse(Template), null);

        // The value is fixed so that a change of the algorithm, which would rename every ReplicaSet, shows here.
        Assert.AreEqual("7c55c87c4", hash);
        Assert.AreEqual(hash, PodTemplateHash.Compute(Parse(Reordered), null));
        Assert.AreEqual(hash, PodTemplateHash.Compute(hashed, null));
        Assert.IsTrue(hash.All("bcdfghjklmnpqrstvwxz2456789".Contains));
    }

    [TestMethod]
    [DataRow("web:1", 1)]
    [DataRow("web:2", null)]
    [DataRow("web:2", 1)]
    public void Compute_TemplateOrCollisionCountChanges_HashChanges(string image, int? collisionCount)
    {
        var changed = Parse(Template.Replace("web:1", image, StringComparison.Ordinal));

        Assert.AreNotEqual(
            PodTemplateHash.Compute(Parse(Template), null), PodTemplateHash.Compute(changed, collisionCount));
    }

    private static JsonObject Parse(string json) => JsonNode.Parse(json)!.AsObject();
}
