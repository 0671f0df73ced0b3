using System.Globalization;
using System.Text.Json.Nodes;
using Orchestrator.ControlPlane.Scheduling;
using static Orchestrator.ControlPlane.Tests.Scheduling.Fixtures;

namespace Orchestrator.ControlPlane.Tests.Scheduling;

[TestClass]
public sealed class PodSchedulerTests
{
    private const string Tainted =
        """{"spec": {"taints": [{"key": "node-role", "value": "x", "effect": "NoSchedule"}]}}""";

    /// <summary>One case: the pod, the nodes, the placed pods, and the nodes that may be chosen (any order).</summary>
    public sealed record FeasibleCase(
        string Scenario, JsonObject Pod, JsonObject[] Nodes, JsonObject[] Placed, string[] Feasible)
    {
        public override string ToString() => Scenario;
    }

    /// <summary>One case whose pod fits nowhere, with kube's exact FailedScheduling message.</summary>
    public sealed record FailureCase(
        string Scenario, JsonObject Pod, JsonObject[] Nodes, JsonObject[] Placed, string Message)
    {
        public override string ToString() => Scenario;
    }

    public static IEnumerable<object[]> FeasibleCases => new FeasibleCase[]
    {
        // Resource fit.
        new("cpu fits only on the emptier node",
            Pod("p", """{"spec": {"containers": [{"resources": {"requests": {"cpu": "3"}}}]}}"""),
            [Node("a"), Node("b")],
            [Placed("x", "a", """{"spec": {"containers": [{"resources": {"requests": {"cpu": "2"}}}]}}""")],
            ["b"]),
        new("memory fits only on the larger node",
            Pod("p", """{"spec": {"containers": [{"resources": {"requests": {"memory": "10Gi"}}}]}}"""),
            [Node("a"), Node("b", """{"status": {"allocatable": {"memory": "16Gi"}}}""")], [], ["b"]),
        new("pod count full on one node",
            Pod("p"), [Node("a", """{"status": {"allocatable": {"pods": "1"}}}"""), Node("b")],
            [Placed("x", "a")], ["b"]),
        new("pod without requests fits a full node",
            Pod("p", """{"spec": {"containers": [{"name": "c", "resources": {}}]}}"""),
            [Node("a", """{"status": {"allocatable": {"cpu": "0"}}}""")], [], ["a"]),
        new("extended resource",
            Pod("p", """{"spec": {"containers": [{"resources": {"requests": {"nvidia.com/gpu": "1"}}}]}}"""),
            [Node("a"), Node("b", """{"status": {"allocatable": {"nvidia.com/gpu": "2"}}}""")], [], ["b"]),

        // nodeName, nodeSelector, node affinity.
        new("spec.nodeName", Pod("p", """{"spec": {"nodeName": "b"}}"""), [Node("a"), Node("b")], [], ["b"]),
        new("nodeSelector",
            Pod("p", """{"spec": {"nodeSelector": {"disk": "ssd"}}}"""),
            [Node("a"), Node("b", """{"metadata": {"labels": {"disk": "ssd"}}}""")], [], ["b"]),
        new("affinity In", AffinityPod("""{"key": "tier", "operator": "In", "values": ["gold", "silver"]}"""),
            TierNodes(), [], ["gold", "silver"]),
        new("affinity NotIn", AffinityPod("""{"key": "tier", "operator": "NotIn", "values": ["gold"]}"""),
            TierNodes(), [], ["silver", "bronze", "bare"]),
        new("affinity Exists", AffinityPod("""{"key": "tier", "operator": "Exists"}"""),
            TierNodes(), [], ["gold", "silver", "bronze"]),
        new("affinity DoesNotExist", AffinityPod("""{"key": "tier", "operator": "DoesNotExist"}"""),
            TierNodes(), [], ["bare"]),
        new("affinity Gt", AffinityPod("""{"key": "rank", "operator": "Gt", "values": ["2"]}"""),
            TierNodes(), [], ["gold"]),
        new("affinity Lt", AffinityPod("""{"key": "rank", "operator": "Lt", "values": ["2"]}"""),
            TierNodes(), [], ["bronze"]),
        new("affinity matchFields metadata.name",
            Pod("p", """
                {"spec": {"affinity": {"nodeAffinity": {"requiredDuringSchedulingIgnoredDuringExecution":
                {"nodeSelectorTerms": [{"matchFields": [{"key": "metadata.name", "operator": "In",
                "values": ["silver"]}]}]}}}}}
                """),
            TierNodes(), [], ["silver"]),
        new("affinity terms are ORed",
            Pod("p", """
                {"spec": {"affinity": {"nodeAffinity": {"requiredDuringSchedulingIgnoredDuringExecution":
                {"nodeSelectorTerms": [{"matchExpressions": [{"key": "tier", "operator": "In", "values": ["gold"]}]},
                {"matchExpressions": [{"key": "tier", "operator": "DoesNotExist"}]}]}}}}}
                """),
            TierNodes(), [], ["gold", "bare"]),

        // Taints and tolerations.
        new("NoSchedule taint avoided", Pod("p"), [Node("a", Tainted), Node("b")], [], ["b"]),
        new("NoExecute taint avoided", Pod("p"),
            [Node("a", """{"spec": {"taints": [{"key": "k", "effect": "NoExecute"}]}}"""), Node("b")], [], ["b"]),
        new("PreferNoSchedule taint does not filter", Pod("p"),
            [Node("a", """{"spec": {"taints": [{"key": "k", "effect": "PreferNoSchedule"}]}}""")], [], ["a"]),
        new("Equal toleration", Tolerating("""{"key": "node-role", "operator": "Equal", "value": "x"}"""),
            [Node("a", Tainted)], [], ["a"]),
        new("Equal toleration, other value", Tolerating("""{"key": "node-role", "value": "y"}"""),
            [Node("a", Tainted), Node("b")], [], ["b"]),
        new("Exists toleration", Tolerating("""{"key": "node-role", "operator": "Exists", "effect": "NoSchedule"}"""),
            [Node("a", Tainted)], [], ["a"]),
        new("toleration of another effect",
            Tolerating("""{"key": "node-role", "operator": "Exists", "effect": "NoExecute"}"""),
            [Node("a", Tainted), Node("b")], [], ["b"]),
        new("empty key Exists tolerates all", Tolerating("""{"operator": "Exists"}"""),
            [Node("a", Tainted)], [], ["a"]),
        new("not-ready node tainted", Pod("p"),
            [Node("a", """{"status": {"conditions": [{"type": "Ready", "status": "False"}]}}"""), Node("b")],
            [], ["b"]),

        // Unschedulable.
        new("cordoned node skipped", Pod("p"),
            [Node("a", """{"spec": {"unschedulable": true}}"""), Node("b")], [], ["b"]),
        new("cordon tolerated",
            Tolerating("""{"key": "node.kubernetes.io/unschedulable", "operator": "Exists", "effect": "NoSchedule"}"""),
            [Node("a", """{"spec": {"unschedulable": true}}""")], [], ["a"]),

        // Inter-pod affinity.
        new("affinity by hostname", PodAffinity("podAffinity", "kubernetes.io/hostname"),
            [Node("a"), Node("b")], [Placed("db", "b", """{"metadata": {"labels": {"app": "db"}}}""")], ["b"]),
        new("affinity by zone", PodAffinity("podAffinity", "topology.kubernetes.io/zone"),
            [ZoneNode("a1", "a"), ZoneNode("a2", "a"), ZoneNode("b1", "b")],
            [Placed("db", "a1", """{"metadata": {"labels": {"app": "db"}}}""")], ["a1", "a2"]),
        new("affinity to itself when no pod matches anywhere",
            PodAffinity("podAffinity", "kubernetes.io/hostname", """{"metadata": {"labels": {"app": "db"}}}"""),
            [Node("a"), Node("b")], [], ["a", "b"]),
        new("anti-affinity by hostname", PodAffinity("podAntiAffinity", "kubernetes.io/hostname"),
            [Node("a"), Node("b")], [Placed("db", "b", """{"metadata": {"labels": {"app": "db"}}}""")], ["a"]),
        new("anti-affinity by zone", PodAffinity("podAntiAffinity", "topology.kubernetes.io/zone"),
            [ZoneNode("a1", "a"), ZoneNode("a2", "a"), ZoneNode("b1", "b")],
            [Placed("db", "a1", """{"metadata": {"labels": {"app": "db"}}}""")], ["b1"]),
        new("anti-affinity ignores other namespaces", PodAffinity("podAntiAffinity", "kubernetes.io/hostname"),
            [Node("a")], [Placed("db", "a", """{"metadata": {"namespace": "other", "labels": {"app": "db"}}}""")],
            ["a"]),
        new("anti-affinity with empty namespaceSelector spans namespaces",
            PodAffinity("podAntiAffinity", "kubernetes.io/hostname", """
                {"spec": {"affinity": {"podAntiAffinity":
                {"requiredDuringSchedulingIgnoredDuringExecution": [{"namespaceSelector": {}}]}}}}
                """),
            [Node("a"), Node("b")],
            [Placed("db", "a", """{"metadata": {"namespace": "other", "labels": {"app": "db"}}}""")], ["b"]),
        new("placed pod's anti-affinity repels", Pod("p", """{"metadata": {"labels": {"app": "web"}}}"""),
            [Node("a"), Node("b")],
            [Placed("x", "a", """
                {"spec": {"affinity": {"podAntiAffinity": {"requiredDuringSchedulingIgnoredDuringExecution":
                [{"labelSelector": {"matchLabels": {"app": "web"}}, "topologyKey": "kubernetes.io/hostname"}]}}}}
                """)],
            ["b"]),

        // Topology spread.
        new("zone spread maxSkew 1", Spread("topology.kubernetes.io/zone", 1),
            [ZoneNode("a1", "a"), ZoneNode("b1", "b"), ZoneNode("c1", "c")],
            [Web("w1", "a1"), Web("w2", "b1")], ["c1"]),
        new("zone spread maxSkew 2", Spread("topology.kubernetes.io/zone", 2),
            [ZoneNode("a1", "a"), ZoneNode("b1", "b"), ZoneNode("c1", "c")],
            [Web("w1", "a1"), Web("w2", "b1")], ["a1", "b1", "c1"]),
        new("hostname spread", Spread("kubernetes.io/hostname", 1),
            [Node("a"), Node("b")], [Web("w1", "a")], ["b"]),
        new("spread skips node without the label", Spread("topology.kubernetes.io/zone", 1),
            [ZoneNode("a1", "a"), Node("bare")], [], ["a1"]),
        new("spread with minDomains above the domain count",
            Spread("topology.kubernetes.io/zone", 1, """, "minDomains": 3"""),
            [ZoneNode("a1", "a"), ZoneNode("b1", "b")], [Web("w1", "a1")], ["b1"]),
        new("spread ScheduleAnyway never filters",
            Spread("topology.kubernetes.io/zone", 1, """, "whenUnsatisfiable": "ScheduleAnyway" """),
            [ZoneNode("a1", "a"), ZoneNode("b1", "b")], [Web("w1", "a1"), Web("w2", "a1")], ["a1", "b1"]),
    }.Select(c => new object[] { c });

    public static IEnumerable<object[]> FailureCases => new FailureCase[]
    {
        new("the example of the brief",
            Pod("p", """{"spec": {"containers": [{"resources": {"requests": {"cpu": "5"}}}]}}"""),
            [Node("a"), Node("b", Tainted), Node("c", Tainted)], [],
            "0/3 nodes are available: 1 Insufficient cpu, 2 node(s) had untolerated taint {node-role: x}. "
            + "preemption: 0/3 nodes are available: 1 No preemption victims found for incoming pod, "
            + "2 Preemption is not helpful for scheduling."),
        new("cpu and memory both short",
            Pod("p", """{"spec": {"containers": [{"resources": {"requests": {"cpu": "5", "memory": "9Gi"}}}]}}"""),
            [Node("a")], [],
            "0/1 nodes are available: 1 Insufficient cpu, 1 Insufficient memory. "
            + "preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod."),
        new("too many pods",
            Pod("p"), [Node("a", """{"status": {"allocatable": {"pods": "1"}}}""")], [Placed("x", "a")],
            "0/1 nodes are available: 1 Too many pods. "
            + "preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod."),
        new("selector, cordon and affinity",
            Pod("p", """{"spec": {"nodeSelector": {"disk": "ssd"}}}"""),
            [Node("a"), Node("b", """{"spec": {"unschedulable": true}}""")], [],
            "0/2 nodes are available: 1 node(s) didn't match Pod's node affinity/selector, "
            + "1 node(s) were unschedulable. preemption: 0/2 nodes are available: "
            + "2 Preemption is not helpful for scheduling."),
        new("pod affinity nowhere", PodAffinity("podAffinity", "kubernetes.io/hostname"),
            [Node("a")], [Placed("x", "a", """{"metadata": {"labels": {"app": "db"}, "namespace": "other"}}""")],
            "0/1 nodes are available: 1 node(s) didn't match pod affinity rules. "
            + "preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling."),
        new("anti-affinity everywhere", PodAffinity("podAntiAffinity", "topology.kubernetes.io/zone"),
            [ZoneNode("a1", "a"), ZoneNode("a2", "a")],
            [Placed("db", "a1", """{"metadata": {"labels": {"app": "db"}}}""")],
            "0/2 nodes are available: 2 node(s) didn't match pod anti-affinity rules. "
            + "preemption: 0/2 nodes are available: 2 No preemption victims found for incoming pod."),
        new("spread skew and missing label", Spread("topology.kubernetes.io/zone", 1, """, "minDomains": 3"""),
            [ZoneNode("a1", "a"), ZoneNode("b1", "b"), Node("bare")], [Web("w1", "a1"), Web("w2", "b1")],
            "0/3 nodes are available: "
            + "1 node(s) didn't match pod topology spread constraints (missing required label), "
            + "2 node(s) didn't match pod topology spread constraints. "
            + "preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, "
            + "2 No preemption victims found for incoming pod."),
        new("preemptionPolicy Never",
            Pod("p", Asking("5", "1Mi")).Also(p => p["spec"]!["preemptionPolicy"] = "Never"),
            [Node("a")], [],
            "0/1 nodes are available: 1 Insufficient cpu. not eligible due to preemptionPolicy=Never."),
    }.Select(c => new object[] { c });

    public static IEnumerable<object[]> WinnerCases => new FeasibleCase[]
    {
        new("least allocated wins", Pod("p"), [Node("a"), Node("b")],
            [Placed("x", "a", Asking("2", "4Gi"))],
            ["b"]),
        new("larger node wins when empty", Pod("p"),
            [Node("a"), Node("b", """{"status": {"allocatable": {"cpu": "16", "memory": "32Gi"}}}""")], [], ["b"]),
        new("preferred node affinity wins over free space",
            Pod("p", """
                {"spec": {"affinity": {"nodeAffinity": {"preferredDuringSchedulingIgnoredDuringExecution":
                [{"weight": 50, "preference": {"matchExpressions": [{"key": "disk", "operator": "In",
                "values": ["ssd"]}]}}]}}}}
                """),
            [Node("a", """{"metadata": {"labels": {"disk": "ssd"}}}"""), Node("b")],
            [Placed("x", "a", """{"spec": {"containers": [{"resources": {"requests": {"cpu": "1"}}}]}}""")],
            ["a"]),
        new("PreferNoSchedule taint avoided", Pod("p"),
            [Node("a", """{"spec": {"taints": [{"key": "k", "effect": "PreferNoSchedule"}]}}"""), Node("b")], [],
            ["b"]),
        new("preferred pod affinity wins",
            Pod("p", """
                {"spec": {"affinity": {"podAffinity": {"preferredDuringSchedulingIgnoredDuringExecution":
                [{"weight": 100, "podAffinityTerm": {"labelSelector": {"matchLabels": {"app": "db"}},
                "topologyKey": "kubernetes.io/hostname"}}]}}}}
                """),
            [Node("a"), Node("b")], [Placed("db", "b", """{"metadata": {"labels": {"app": "db"}}}""")], ["b"]),
        new("preferred pod anti-affinity avoids",
            Pod("p", """
                {"spec": {"affinity": {"podAntiAffinity": {"preferredDuringSchedulingIgnoredDuringExecution":
                [{"weight": 100, "podAffinityTerm": {"labelSelector": {"matchLabels": {"app": "db"}},
                "topologyKey": "kubernetes.io/hostname"}}]}}}}
                """),
            [Node("a"), Node("b")], [Placed("db", "a", """{"metadata": {"labels": {"app": "db"}}}""")], ["b"]),
        new("ScheduleAnyway spread prefers the emptier zone",
            Spread("topology.kubernetes.io/zone", 1, """, "whenUnsatisfiable": "ScheduleAnyway" """),
            [ZoneNode("a1", "a"), ZoneNode("b1", "b")], [Web("w1", "a1"), Web("w2", "a1")], ["b1"]),
        new("ties broken by name", Pod("p"), [Node("b"), Node("a")], [], ["a"]),
    }.Select(c => new object[] { c });

    [TestMethod]
    [TestCategory("Unit")]
    [DynamicData(nameof(WinnerCases))]
    public void Schedule_Scoring_RanksExpectedNodeFirst(FeasibleCase c)
    {
        var decision = Schedule(c.Pod, c.Nodes, c.Placed);

        Assert.AreEqual(c.Feasible[0], decision.Node,
            $"{c.Scenario}: {string.Join(", ", decision.Ranked.Select(r => $"{r.Name}={r.Score}"))}");
    }

    [TestMethod]
    [TestCategory("Unit")]
    [DynamicData(nameof(FeasibleCases))]
    public void Schedule_Case_ChoosesOnlyFeasibleNodes(FeasibleCase c)
    {
        var decision = Schedule(c.Pod, c.Nodes, c.Placed);

        CollectionAssert.AreEquivalent(c.Feasible, decision.Ranked.Select(r => r.Name).ToList(),
            $"{c.Scenario}: {decision.FailureMessage}");
        Assert.IsNull(decision.FailureMessage, c.Scenario);
    }

    [TestMethod]
    [TestCategory("Unit")]
    [DynamicData(nameof(FailureCases))]
    public void Schedule_NoNodeFits_WordsFailureAsKube(FailureCase c)
    {
        var decision = Schedule(c.Pod, c.Nodes, c.Placed);

        Assert.IsFalse(decision.Scheduled, c.Scenario);
        Assert.AreEqual(c.Message, decision.FailureMessage, c.Scenario);
    }

    [TestMethod]
    [TestCategory("Unit")]
    public void Schedule_LowerPriorityPodInTheWay_NominatesNodeAndFewestVictims()
    {
        var pod = Pod("p", Asking("2", "1Mi")).Also(p => p["spec"]!["priority"] = 100);
        JsonObject[] placed =
        [
            Placed("small", "a", """{"spec": {"containers": [{"resources": {"requests": {"cpu": "1"}}}]}}"""),
            Placed("big", "a", """{"spec": {"containers": [{"resources": {"requests": {"cpu": "2500m"}}}]}}"""),
        ];

        var decision = Schedule(pod, [Node("a")], placed);

        Assert.AreEqual("a", decision.NominatedNode);
        CollectionAssert.AreEqual(
            new[] { "big" }, decision.Victims.Select(v => (string?)v["metadata"]!["name"]).ToList());
        Assert.AreEqual("0/1 nodes are available: 1 Insufficient cpu.", decision.FailureMessage);
    }

    [TestMethod]
    [TestCategory("Unit")]
    public void Schedule_NoNodes_SaysNoNodesAvailable() =>
        Assert.AreEqual("no nodes available to schedule pods", Schedule(Pod("p"), []).FailureMessage);

    private static JsonObject[] TierNodes() =>
    [
        Node("gold", """{"metadata": {"labels": {"tier": "gold", "rank": "3"}}}"""),
        Node("silver", """{"metadata": {"labels": {"tier": "silver", "rank": "2"}}}"""),
        Node("bronze", """{"metadata": {"labels": {"tier": "bronze", "rank": "1"}}}"""),
        Node("bare"),
    ];

    private static JsonObject AffinityPod(string expression) =>
        Pod("p", """
            {"spec": {"affinity": {"nodeAffinity": {"requiredDuringSchedulingIgnoredDuringExecution":
            {"nodeSelectorTerms": [{"matchExpressions": [@0@]}]}}}}}
            """.Replace("@0@", expression));

    private static JsonObject Tolerating(string toleration) =>
        Pod("p", """{"spec": {"tolerations": [@0@]}}""".Replace("@0@", toleration));

    private static JsonObject PodAffinity(string kind, string topologyKey, string extra = "{}")
    {
        var pod = Pod("p", """
            {"spec": {"affinity": {"@0@": {"requiredDuringSchedulingIgnoredDuringExecution":
            [{"labelSelector": {"matchLabels": {"app": "db"}}, "topologyKey": "@1@"}]}}}}
            """.Replace("@0@", kind).Replace("@1@", topologyKey));
        var overlay = JsonNode.Parse(extra)!.AsObject();
        if (overlay["metadata"] is JsonObject metadata)
        {
            pod["metadata"] = metadata.DeepClone();
            pod["metadata"]!["name"] = "p";
        }

        if (JsonNode.Parse(extra)!["spec"]?["affinity"]?[kind]?["requiredDuringSchedulingIgnoredDuringExecution"]?[0]
            is JsonObject termExtra)
        {
            var term = pod["spec"]!["affinity"]![kind]!["requiredDuringSchedulingIgnoredDuringExecution"]![0]!
                .AsObject();
            foreach (var (key, value) in termExtra.ToList())
            {
                term[key] = value?.DeepClone();
            }
        }

        return pod;
    }

    private static JsonObject Spread(string topologyKey, int maxSkew, string more = "") =>
        Pod("p", """
            {"metadata": {"labels": {"app": "web"}}, "spec": {"topologySpreadConstraints": [{"maxSkew":
            @0@, "topologyKey": "@1@", "labelSelector": {"matchLabels": {"app": "web"}}@2@}]}}
            """.Replace("@0@", maxSkew.ToString(CultureInfo.InvariantCulture)).Replace("@1@", topologyKey)
            .Replace("@2@", more));

    private static JsonObject Web(string name, string node) =>
        Placed(name, node, """{"metadata": {"labels": {"app": "web"}}}""");
}
