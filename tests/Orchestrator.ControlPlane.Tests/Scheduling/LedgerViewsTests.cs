using System.Text.Json.Nodes;
using Orchestrator.Cluster;
using Orchestrator.Contracts.Nodes;
using Orchestrator.ControlPlane.Nodes;
using Orchestrator.ControlPlane.Scheduling;

namespace Orchestrator.ControlPlane.Tests.Scheduling;

/// <summary>
/// Claims carry what inter-pod affinity and topology spread need (labels, pod (anti-)affinity), the node's view
/// rebuilt from its ledger shows them, and a node judges required anti-affinity among its own pods.
/// </summary>
[TestClass]
[TestCategory("Unit")]
public sealed class LedgerViewsTests
{
    private const string AntiWeb = """
        {"metadata": {"labels": {"app": "web", "tier": "front"}},
         "spec": {"affinity": {
            "nodeAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": {"nodeSelectorTerms": []}},
            "podAntiAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": [
                {"topologyKey": "@key@", "labelSelector": {"matchLabels": {"app": "web"}}}]}}}}
        """;

    [TestMethod]
    public void ClaimOf_PodWithLabelsAndAffinity_ToPodJsonShowsThemOnTheNode()
    {
        var pod = Pod("a", AntiWeb.Replace("@key@", "kubernetes.io/hostname"));

        var claim = LedgerViews.ClaimOf(pod);
        var shown = LedgerViews.ToPodJson(claim, "n1");

        Assert.AreEqual("web", claim.Labels["app"]);
        Assert.AreEqual("front", (string?)shown["metadata"]!["labels"]!["tier"]);
        Assert.AreEqual("n1", (string?)shown["spec"]!["nodeName"]);
        Assert.IsTrue(JsonNode.DeepEquals(
            pod["spec"]!["affinity"]!["podAntiAffinity"], shown["spec"]!["affinity"]!["podAntiAffinity"]));
        Assert.IsNull(shown["spec"]!["affinity"]!["nodeAffinity"], "node affinity is the pod's own business");
    }

    [TestMethod]
    public void ClaimOf_PodWithoutAffinity_NoAffinityAndEmptyLabels()
    {
        var claim = LedgerViews.ClaimOf(Pod("plain", "{}"));

        Assert.IsNull(claim.PodAffinity);
        Assert.AreEqual(0, claim.Labels.Count);
        Assert.IsNull(LedgerViews.ToPodJson(claim, "n1")["spec"]!["affinity"]);
    }

    [TestMethod]
    public void Deserialize_LedgerStoredBeforeLabels_LoadsWithEmptyLabels()
    {
        var stored = BinaryData.FromString("""
            {"capacity": {"milliCpu": 1000, "memory": 1024, "pods": 10, "labels": {}, "taints": [],
                          "unschedulable": false},
             "claims": {"u1": {"namespace": "default", "name": "old", "uid": "u1", "milliCpu": 100, "memory": 0}}}
            """);

        var ledger = new SystemTextJsonGrainStorageSerializer().Deserialize<NodeLedger>(stored)!;
        var view = LedgerViews.ToNodeView(new NodeSnapshot
        {
            Name = "n1",
            Capacity = ledger.Capacity!,
            Claims = ledger.Claims.Values.ToList(),
        });

        Assert.AreEqual("old", ledger.Claims["u1"].Name);
        Assert.AreEqual(0, ledger.Claims["u1"].Labels.Count);
        Assert.AreEqual(1, view.Pods.Count);
    }

    [TestMethod]
    [DataRow("anti-affinity of the new pod, hostname", "kubernetes.io/hostname", true, false,
        FilterReasons.PodAntiAffinityMismatch)]
    [DataRow("anti-affinity of the new pod, zone the node is in", "topology.kubernetes.io/zone", true, false,
        FilterReasons.PodAntiAffinityMismatch)]
    [DataRow("anti-affinity on a key the node lacks", "example.com/rack", true, false, "")]
    [DataRow("anti-affinity of the placed pod", "kubernetes.io/hostname", false, true,
        FilterReasons.ExistingAntiAffinityMismatch)]
    [DataRow("no anti-affinity", "kubernetes.io/hostname", false, false, "")]
    public void AntiAffinityReasons_NodeWithOnePlacedWebPod_AsKubeWordsIt(
        string scenario, string topologyKey, bool newHasTerm, bool placedHasTerm, string expected)
    {
        var term = AntiWeb.Replace("@key@", topologyKey);
        const string Web = """{"metadata": {"labels": {"app": "web"}}}""";
        var placed = LedgerViews.ClaimOf(Pod("placed", placedHasTerm ? term : Web));
        var node = LedgerViews.ToNodeView(new NodeSnapshot
        {
            Name = "n1",
            Capacity = new NodeCapacity
            {
                MilliCpu = 4000,
                Memory = 1L << 33,
                Pods = 110,
                Labels = new Dictionary<string, string>
                {
                    ["kubernetes.io/hostname"] = "n1",
                    ["topology.kubernetes.io/zone"] = "z1",
                },
            },
            Claims = [placed],
        });
        var incoming = LedgerViews.ToPodJson(
            LedgerViews.ClaimOf(Pod("new", newHasTerm ? term : Web)),
            "n1");

        var reasons = PodScheduler.AntiAffinityReasons(incoming, node);

        Assert.AreEqual(expected, string.Join(", ", reasons), scenario);
    }

    private static JsonObject Pod(string name, string extra)
    {
        var pod = Fixtures.Pod(name, extra);
        pod["metadata"]!["uid"] = "uid-" + name;
        return pod;
    }
}
