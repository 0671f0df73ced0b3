using System.Text.Json.Nodes;
using Orchestrator.ControlPlane.Nodes;

namespace Orchestrator.ControlPlane.Tests.Nodes;

[TestClass]
[TestCategory("Unit")]
public sealed class NodeHealthTests
{
    private static readonly DateTimeOffset Now = new(2025, 1, 1, 12, 0, 0, TimeSpan.Zero);

    [TestMethod]
    [DataRow("True", false, "True", "", false)]
    [DataRow("True", true, "Unknown", "node.kubernetes.io/unreachable", true)]
    [DataRow("Unknown", true, "Unknown", "node.kubernetes.io/unreachable", true)]
    [DataRow("False", false, "False", "node.kubernetes.io/not-ready", true)]
    [DataRow("False", true, "Unknown", "node.kubernetes.io/unreachable", true)]
    [DataRow(null, true, "Unknown", "node.kubernetes.io/unreachable", true)]
    [DataRow(null, false, null, "", false)]
    public void Next_ReadyAndLease_ConditionAndTaintsFollow(
        string? ready, bool expired, string? expectedReady, string expectedTaint, bool changed)
    {
        var node = Node(ready, taints: []);

        var next = NodeHealth.Next(node, expired, Now);

        Assert.AreEqual(changed, next is not null);
        var result = next ?? node;
        Assert.AreEqual(expectedReady, NodeHealth.ReadyStatus(result));
        var taints = Taints(result);
        if (expectedTaint.Length == 0)
        {
            Assert.AreEqual(0, taints.Count);
        }
        else
        {
            CollectionAssert.AreEquivalent(
                new[] { expectedTaint + ":NoSchedule", expectedTaint + ":NoExecute" }, taints);
        }
    }

    [TestMethod]
    public void Next_LeaseExpired_ConditionsUnknownWithKubeWording()
    {
        var next = NodeHealth.Next(Node("True", []), leaseExpired: true, Now)!;

        foreach (var condition in next["status"]!["conditions"]!.AsArray().OfType<JsonObject>())
        {
            Assert.AreEqual("Unknown", (string?)condition["status"]);
            Assert.AreEqual("NodeStatusUnknown", (string?)condition["reason"]);
            Assert.AreEqual("Kubelet stopped posting node status.", (string?)condition["message"]);
            Assert.AreEqual("2025-01-01T12:00:00Z", (string?)condition["lastTransitionTime"]);
        }

        Assert.AreEqual("2025-01-01T12:00:00Z", (string?)next["spec"]!["taints"]![1]!["timeAdded"]);
    }

    [TestMethod]
    public void Next_ReadyAgain_LostTaintsRemovedOthersKept()
    {
        var node = Node("True", [
            ("node.kubernetes.io/unreachable", "NoSchedule"), ("node.kubernetes.io/unreachable", "NoExecute"),
            ("dedicated", "NoSchedule")]);

        var next = NodeHealth.Next(node, leaseExpired: false, Now)!;

        CollectionAssert.AreEqual(new[] { "dedicated:NoSchedule" }, Taints(next));
    }

    [TestMethod]
    public void Next_AlreadyLostAndTainted_NoChange()
    {
        var node = NodeHealth.Next(Node("True", []), leaseExpired: true, Now)!;

        Assert.IsNull(NodeHealth.Next(node, leaseExpired: true, Now.AddMinutes(1)));
    }

    [TestMethod]
    [DataRow("Unknown", 9, false)]
    [DataRow("Unknown", 10, true)]
    [DataRow("False", 30, true)]
    [DataRow("True", 600, false)]
    public void ShouldEvict_TimeSinceTransition_AfterTimeoutOnly(string ready, int secondsLater, bool expected)
    {
        var node = Node(ready, []);

        var evict = NodeHealth.ShouldEvict(node, Now.AddSeconds(secondsLater), TimeSpan.FromSeconds(10));

        Assert.AreEqual(expected, evict);
    }

    [TestMethod]
    [DataRow("Unknown", 0, 10)]
    [DataRow("Unknown", 4, 6)]
    [DataRow("False", 10, 0)]
    [DataRow("Unknown", 600, 0)]
    [DataRow("True", 5, null)]
    public void EvictionDueIn_TimeSinceTransition_TimeLeftOrNull(string ready, int secondsLater, int? expectedSeconds)
    {
        var node = Node(ready, []);

        var left = NodeHealth.EvictionDueIn(node, Now.AddSeconds(secondsLater), TimeSpan.FromSeconds(10));

        Assert.AreEqual(expectedSeconds, left is { } due ? (int?)due.TotalSeconds : null);
    }

    [TestMethod]
    [DataRow("""{"key":"node.kubernetes.io/unreachable","operator":"Exists","effect":"NoExecute"}""", true)]
    [DataRow("""{"operator":"Exists"}""", true)]
    [DataRow("""{"key":"node.kubernetes.io/unreachable","effect":"NoExecute","tolerationSeconds":300}""", false)]
    [DataRow("""{"key":"node.kubernetes.io/not-ready","operator":"Exists","effect":"NoExecute"}""", false)]
    [DataRow("""{"key":"node.kubernetes.io/unreachable","operator":"Exists","effect":"NoSchedule"}""", false)]
    public void ToleratesForever_Toleration_OnlyUnboundedNoExecute(string toleration, bool expected)
    {
        var tolerations = new JsonArray(JsonNode.Parse(toleration));
        var pod = new JsonObject { ["spec"] = new JsonObject { ["tolerations"] = tolerations } };

        Assert.AreEqual(expected, NodeHealth.ToleratesForever(pod, NodeHealth.UnreachableTaint));
    }

    [TestMethod]
    public void CapacityOf_Node_AllocatableLabelsTaintsAndCordon()
    {
        var node = Node("True", [("dedicated", "NoSchedule")]);
        node["metadata"] = new JsonObject { ["name"] = "n1", ["labels"] = new JsonObject { ["zone"] = "a" } };
        node["spec"]!["unschedulable"] = true;
        node["status"]!["allocatable"] = new JsonObject { ["cpu"] = "2500m", ["memory"] = "1Gi", ["pods"] = "30" };

        var capacity = NodeHealth.CapacityOf(node);

        Assert.AreEqual(2500, capacity.MilliCpu);
        Assert.AreEqual(1024L * 1024 * 1024, capacity.Memory);
        Assert.AreEqual(30, capacity.Pods);
        Assert.IsTrue(capacity.Unschedulable);
        Assert.AreEqual("a", capacity.Labels["zone"]);
        Assert.AreEqual("dedicated", capacity.Taints.Single().Key);
        Assert.AreEqual(NodeHealth.Fingerprint(capacity), NodeHealth.Fingerprint(NodeHealth.CapacityOf(node)));
        Assert.AreNotEqual(NodeHealth.Fingerprint(capacity),
            NodeHealth.Fingerprint(capacity with { Unschedulable = false }));
    }

    private static JsonObject Node(string? ready, (string Key, string Effect)[] taints)
    {
        var conditions = new JsonArray();
        if (ready is not null)
        {
            conditions.Add(Condition("MemoryPressure", "False"));
            conditions.Add(Condition("Ready", ready));
        }

        var taintArray = new JsonArray();
        foreach (var (key, effect) in taints)
        {
            taintArray.Add(new JsonObject { ["key"] = key, ["effect"] = effect });
        }

        return new JsonObject
        {
            ["metadata"] = new JsonObject { ["name"] = "n1" },
            ["spec"] = new JsonObject { ["taints"] = taintArray },
            ["status"] = new JsonObject { ["conditions"] = conditions },
        };
    }

    private static JsonObject Condition(string type, string status) => new()
    {
        ["type"] = type,
        ["status"] = status,
        ["lastTransitionTime"] = "2025-01-01T12:00:00Z",
    };

    private static List<string> Taints(JsonObject node) =>
        (node["spec"]?["taints"] as JsonArray ?? []).OfType<JsonObject>()
            .Select(t => (string?)t["key"] + ":" + (string?)t["effect"]).ToList();
}
