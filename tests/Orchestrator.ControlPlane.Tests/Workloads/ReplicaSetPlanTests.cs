using System.Text.Json.Nodes;
using Orchestrator.ControlPlane.Workloads;

namespace Orchestrator.ControlPlane.Tests.Workloads;

[TestClass]
[TestCategory("Unit")]
public sealed class ReplicaSetPlanTests
{
    private static readonly DateTimeOffset Now = new(2025, 1, 1, 12, 0, 0, TimeSpan.Zero);

    [TestMethod]
    // Each row: a property of pod "a" and of pod "b"; with one replica wanted, the plan deletes "a".
    [DataRow("node=", "node=n1", DisplayName = "unscheduled before scheduled")]
    [DataRow("phase=Pending", "phase=Running", DisplayName = "pending before running")]
    [DataRow("phase=Unknown", "phase=Running", DisplayName = "unknown before running")]
    [DataRow("ready=false", "ready=true", DisplayName = "not ready before ready")]
    [DataRow("cost=-5", "cost=0", DisplayName = "lower deletion cost first")]
    [DataRow("readyAgo=60", "readyAgo=86400", DisplayName = "ready for less time first")]
    [DataRow("restarts=5", "restarts=0", DisplayName = "more restarts first")]
    [DataRow("createdAgo=60", "createdAgo=86400", DisplayName = "newer before older")]
    public void Compute_OneTooMany_DeletesThePodKubernetesWouldPick(string first, string second)
    {
        var replicaSet = ReplicaSet(replicas: 1);
        JsonObject[] pods = [Pod("a", Owned, first), Pod("b", Owned, second)];

        var forward = ReplicaSetPlan.Compute(replicaSet, pods, Now);
        var backward = ReplicaSetPlan.Compute(replicaSet, [.. pods.Reverse()], Now);

        CollectionAssert.AreEqual(new[] { "a" }, forward.PodsToDelete.ToArray());
        CollectionAssert.AreEqual(new[] { "a" }, backward.PodsToDelete.ToArray());
    }

    [TestMethod]
    public void Compute_DoubledUpOnANode_DeletesFromTheCrowdedNodeFirst()
    {
        JsonObject[] pods = [Pod("a", Owned, "node=n2"), Pod("b", Owned, "node=n1"), Pod("c", Owned, "node=n1")];

        var sync = ReplicaSetPlan.Compute(ReplicaSet(replicas: 2), pods, Now);

        Assert.AreEqual(1, sync.PodsToDelete.Count);
        CollectionAssert.Contains(new[] { "b", "c" }, sync.PodsToDelete[0]);
    }

    [TestMethod]
    [DataRow("orphan-match", "", "app=web", "adopt")]
    [DataRow("owned-mismatch", Owned, "app=other", "release")]
    [DataRow("owned-match", Owned, "app=web", "keep")]
    [DataRow("other-owner", "other-uid", "app=web", "ignore")]
    [DataRow("orphan-mismatch", "", "app=other", "ignore")]
    [DataRow("orphan-deleting", "", "app=web;deleting", "ignore")]
    public void Compute_PodsByOwnerAndLabels_AdoptsReleasesOrIgnores(
        string name, string owner, string facts, string expected)
    {
        var pod = Pod(name, owner, facts);

        var sync = ReplicaSetPlan.Compute(ReplicaSet(replicas: 1), [pod], Now);

        var outcome = sync.PodsToAdopt.Contains(name) ? "adopt"
            : sync.PodsToRelease.Contains(name) ? "release"
            : (int)sync.Status["replicas"]! == 1 ? "keep" : "ignore";
        Assert.AreEqual(expected, outcome);
        Assert.AreEqual(expected is "adopt" or "keep" ? 0 : 1, sync.PodsToCreate);
    }

    [TestMethod]
    public void Compute_TooFew_CreatesPodsFromTheTemplateWithControllerReference()
    {
        var sync = ReplicaSetPlan.Compute(ReplicaSet(replicas: 3), [Pod("a", Owned, "")], Now);

        Assert.AreEqual(2, sync.PodsToCreate);
        var metadata = sync.PodToCreate["metadata"]!;
        Assert.AreEqual("web-abc-", (string?)metadata["generateName"]);
        Assert.AreEqual("default", (string?)metadata["namespace"]);
        Assert.AreEqual("abc", (string?)metadata["labels"]![PodTemplateHash.Label]);
        var owner = metadata["ownerReferences"]![0]!;
        Assert.AreEqual("ReplicaSet", (string?)owner["kind"]);
        Assert.AreEqual(Owned, (string?)owner["uid"]);
        Assert.IsTrue((bool)owner["controller"]!);
        Assert.AreEqual("web:1", (string?)sync.PodToCreate["spec"]!["containers"]![0]!["image"]);
    }

    [TestMethod]
    public void Compute_TerminatedAndTerminatingPods_AreNotCountedAndReplaced()
    {
        JsonObject[] pods = [Pod("a", Owned, "phase=Failed"), Pod("b", Owned, "deleting"), Pod("c", Owned, "")];

        var sync = ReplicaSetPlan.Compute(ReplicaSet(replicas: 2), pods, Now);

        Assert.AreEqual(1, sync.PodsToCreate);
        Assert.AreEqual(1, (int)sync.Status["replicas"]!);
    }

    [TestMethod]
    [DataRow(0, 3, 3, null)]
    [DataRow(30, 3, 2, 30)]
    [DataRow(300, 3, 0, 300)]
    public void Compute_MinReadySeconds_CountsAvailablePodsAndRequeues(
        int minReadySeconds, int ready, int available, int? requeueSeconds)
    {
        var replicaSet = ReplicaSet(replicas: 3);
        replicaSet["spec"]!["minReadySeconds"] = minReadySeconds;
        JsonObject[] pods =
            [Pod("a", Owned, "readyAgo=60"), Pod("b", Owned, "readyAgo=120"), Pod("c", Owned, "readyAgo=10")];

        var sync = ReplicaSetPlan.Compute(replicaSet, pods, Now);

        Assert.AreEqual(ready, (int)sync.Status["readyReplicas"]!);
        Assert.AreEqual(available, (int)sync.Status["availableReplicas"]!);
        Assert.AreEqual(3, (int)sync.Status["fullyLabeledReplicas"]!);
        Assert.AreEqual(7L, sync.Status["observedGeneration"]!.GetValue<long>());
        Assert.AreEqual(requeueSeconds is { } s ? TimeSpan.FromSeconds(s) : null, sync.RequeueAfter);
    }

    private const string Owned = "rs-uid";

    private static JsonObject ReplicaSet(int replicas) => new()
    {
        ["apiVersion"] = "apps/v1",
        ["kind"] = "ReplicaSet",
        ["metadata"] = new JsonObject
        {
            ["name"] = "web-abc",
            ["namespace"] = "default",
            ["uid"] = Owned,
            ["generation"] = 7,
        },
        ["spec"] = new JsonObject
        {
            ["replicas"] = replicas,
            ["selector"] = new JsonObject { ["matchLabels"] = new JsonObject { ["app"] = "web" } },
            ["template"] = new JsonObject
            {
                ["metadata"] = new JsonObject
                {
                    ["labels"] = new JsonObject { ["app"] = "web", [PodTemplateHash.Label] = "abc" },
                },
                ["spec"] = new JsonObject
                {
                    ["containers"] = new JsonArray(new JsonObject { ["name"] = "app", ["image"] = "web:1" }),
                },
            },
        },
    };

    /// <summary>A running, ready, scheduled pod, changed by <c>key=value</c> facts separated by semicolons.</summary>
    private static JsonObject Pod(string name, string owner, string facts)
    {
        var values = facts.Split(';', StringSplitOptions.RemoveEmptyEntries)
            .Select(fact => fact.Split('=', 2))
            .ToDictionary(parts => parts[0], parts => parts.Length > 1 ? parts[1] : "");
        var labels = new JsonObject
        {
            ["app"] = values.GetValueOrDefault("app", "web"),
            [PodTemplateHash.Label] = "abc",
        };
        var ready = values.GetValueOrDefault("ready", "true") == "true";
        var readySince = Now.AddSeconds(-int.Parse(values.GetValueOrDefault("readyAgo", "3600")));
        var metadata = new JsonObject
        {
            ["name"] = name,
            ["namespace"] = "default",
            ["uid"] = $"uid-{name}",
            ["labels"] = labels,
            ["creationTimestamp"] = Format(Now.AddSeconds(-int.Parse(values.GetValueOrDefault("createdAgo", "7200")))),
            ["annotations"] = new JsonObject
            {
                ["controller.kubernetes.io/pod-deletion-cost"] = values.GetValueOrDefault("cost", "0"),
            },
        };
        if (owner.Length > 0)
        {
            metadata["ownerReferences"] = new JsonArray(new JsonObject
            {
                ["apiVersion"] = "apps/v1",
                ["kind"] = "ReplicaSet",
                ["name"] = "someone",
                ["uid"] = owner,
                ["controller"] = true,
            });
        }

        if (values.ContainsKey("deleting"))
        {
            metadata["deletionTimestamp"] = Format(Now);
        }

        return new JsonObject
        {
            ["metadata"] = metadata,
            ["spec"] = new JsonObject { ["nodeName"] = values.GetValueOrDefault("node", "n1") },
            ["status"] = new JsonObject
            {
                ["phase"] = values.GetValueOrDefault("phase", "Running"),
                ["conditions"] = new JsonArray(new JsonObject
                {
                    ["type"] = "Ready",
                    ["status"] = ready ? "True" : "False",
                    ["lastTransitionTime"] = Format(readySince),
                }),
                ["containerStatuses"] = new JsonArray(new JsonObject
                {
                    ["name"] = "app",
                    ["restartCount"] = int.Parse(values.GetValueOrDefault("restarts", "0")),
                }),
            },
        };
    }

    private static string Format(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
}
