using System.Text.Json.Nodes;
using Orchestrator.ControlPlane.Pods;

namespace Orchestrator.ControlPlane.Tests.Pods;

[TestClass]
[TestCategory("Unit")]
public sealed class PodConditionsTests
{
    private const string Earlier = "2025-01-01T11:00:00Z";
    private const string NowText = "2025-01-01T12:00:00Z";
    private static readonly DateTimeOffset Now = new(2025, 1, 1, 12, 0, 0, TimeSpan.Zero);

    // Containers "name:ready" (ready 1/0; no colon: no status reported), init containers "name:exitCode" (no colon:
    // not terminated), phase; expected conditions "status|reason|message" for Initialized, ContainersReady, Ready.
    [TestMethod]
    [DataRow("a:1,b:1", "", "Running", "True||", "True||", "True||")]
    [DataRow("a:1,b:0", "", "Running", "True||", "False|ContainersNotReady|containers with unready status: [b]",
        "False|ContainersNotReady|containers with unready status: [b]")]
    [DataRow("a:0,b:0", "", "Running", "True||", "False|ContainersNotReady|containers with unready status: [a b]",
        "False|ContainersNotReady|containers with unready status: [a b]")]
    [DataRow("a:1,b", "", "Pending", "True||", "False|ContainersNotReady|containers with unknown status: [b]",
        "False|ContainersNotReady|containers with unknown status: [b]")]
    [DataRow("a,b:0", "", "Pending", "True||",
        "False|ContainersNotReady|containers with unknown status: [a], containers with unready status: [b]",
        "False|ContainersNotReady|containers with unknown status: [a], containers with unready status: [b]")]
    [DataRow("a:0", "init:0", "Running", "True||", "False|ContainersNotReady|containers with unready status: [a]",
        "False|ContainersNotReady|containers with unready status: [a]")]
    [DataRow("a:0", "init:1", "Pending", "False|ContainersNotInitialized|containers with incomplete status: [init]",
        "False|ContainersNotReady|containers with unready status: [a]",
        "False|ContainersNotReady|containers with unready status: [a]")]
    [DataRow("a:0", "one:0,two", "Pending", "False|ContainersNotInitialized|containers with incomplete status: [two]",
        "False|ContainersNotReady|containers with unready status: [a]",
        "False|ContainersNotReady|containers with unready status: [a]")]
    [DataRow("a:0", "", "Succeeded", "True||", "False|PodCompleted|", "False|PodCompleted|")]
    [DataRow("a:0", "", "Failed", "True||", "False|ContainersNotReady|containers with unready status: [a]",
        "False|ContainersNotReady|containers with unready status: [a]")]
    public void Next_ContainerStatuses_ConditionsAsKubeletWordsThem(
        string containers, string initContainers, string phase, string initialized, string containersReady,
        string ready)
    {
        var pod = Pod(containers, initContainers, phase);

        var next = PodConditions.Next(pod, Now);

        Assert.IsNotNull(next);
        Assert.AreEqual(initialized, Describe(next, "Initialized"));
        Assert.AreEqual(containersReady, Describe(next, "ContainersReady"));
        Assert.AreEqual(ready, Describe(next, "Ready"));
        Assert.AreEqual(NowText, Find(next, "Ready")!["lastTransitionTime"]!.GetValue<string>());
    }

    [TestMethod]
    public void Next_NoContainerStatusesYet_Null()
    {
        var pod = Pod("a:1", "", "Pending");
        ((JsonObject)pod["status"]!).Remove("containerStatuses");

        Assert.IsNull(PodConditions.Next(pod, Now));
    }

    [TestMethod]
    public void Next_ConditionsAlreadyHold_NullAndNothingRewritten()
    {
        var pod = Pod("a:1", "", "Running");
        pod["status"]!["conditions"] = Conditions(("PodScheduled", "True"), ("Initialized", "True"),
            ("Ready", "True"), ("ContainersReady", "True"));

        Assert.IsNull(PodConditions.Next(pod, Now));
    }

    // A condition whose status holds keeps its lastTransitionTime even when its reason or message changes; one
    // whose status flips takes the time of the change. Unrelated conditions and their order are kept.
    [TestMethod]
    [DataRow("True", "a:1,b:0", NowText)]
    [DataRow("False", "a:1,b:0", Earlier)]
    [DataRow("False", "a:1,b:1", NowText)]
    public void Next_StatusKeptOrFlipped_LastTransitionTimeFollowsStatus(
        string readyBefore, string containers, string expectedTransition)
    {
        var pod = Pod(containers, "", "Running");
        var before = Conditions(("PodScheduled", "True"), ("Initialized", "True"), ("Ready", readyBefore),
            ("ContainersReady", readyBefore));
        foreach (var condition in before.OfType<JsonObject>().Where(c => c["status"]!.GetValue<string>() == "False"))
        {
            condition["reason"] = "ContainersNotReady";
            condition["message"] = "containers with unready status: [a]";
        }

        pod["status"]!["conditions"] = before;

        var next = PodConditions.Next(pod, Now);

        Assert.IsNotNull(next);
        CollectionAssert.AreEqual(new[] { "PodScheduled", "Initialized", "Ready", "ContainersReady" },
            next.OfType<JsonObject>().Select(c => c["type"]!.GetValue<string>()).ToArray());
        Assert.AreEqual(expectedTransition, Find(next, "Ready")!["lastTransitionTime"]!.GetValue<string>());
        Assert.AreEqual(expectedTransition, Find(next, "ContainersReady")!["lastTransitionTime"]!.GetValue<string>());
        Assert.AreEqual(Earlier, Find(next, "Initialized")!["lastTransitionTime"]!.GetValue<string>());
    }

    [TestMethod]
    [DataRow(null, "False|ReadinessGatesNotReady|corresponding condition of pod readiness gate \"example.com/lb\" " +
        "does not exist.")]
    [DataRow("False", "False|ReadinessGatesNotReady|the status of pod readiness gate \"example.com/lb\" is not " +
        "\"True\", but False")]
    [DataRow("True", "True||")]
    public void Next_ReadinessGate_ReadyWaitsForItsCondition(string? gateStatus, string ready)
    {
        var pod = Pod("a:1", "", "Running");
        pod["spec"]!["readinessGates"] = new JsonArray(new JsonObject { ["conditionType"] = "example.com/lb" });
        pod["status"]!["conditions"] = gateStatus is null
            ? new JsonArray()
            : Conditions(("example.com/lb", gateStatus));

        var next = PodConditions.Next(pod, Now);

        Assert.IsNotNull(next);
        Assert.AreEqual("True||", Describe(next, "ContainersReady"));
        Assert.AreEqual(ready, Describe(next, "Ready"));
    }

    private static JsonObject Pod(string containers, string initContainers, string phase)
    {
        var (specs, statuses) = Containers(containers, ready => new JsonObject { ["ready"] = ready == "1" });
        var (initSpecs, initStatuses) = Containers(initContainers, exit => new JsonObject
        {
            ["ready"] = false,
            ["state"] = new JsonObject { ["terminated"] = new JsonObject { ["exitCode"] = int.Parse(exit) } },
        });
        var pod = new JsonObject
        {
            ["metadata"] = new JsonObject { ["name"] = "web", ["namespace"] = "default", ["uid"] = "u1" },
            ["spec"] = new JsonObject { ["nodeName"] = "node-1", ["containers"] = specs },
            ["status"] = new JsonObject { ["phase"] = phase, ["containerStatuses"] = statuses },
        };
        if (initSpecs.Count > 0)
        {
            pod["spec"]!["initContainers"] = initSpecs;
            pod["status"]!["initContainerStatuses"] = initStatuses;
        }

        return pod;
    }

    // "name:value" entries: a spec each, and a status (made from the value) for those with a value.
    private static (JsonArray Specs, JsonArray Statuses) Containers(string list, Func<string, JsonObject> status)
    {
        var specs = new JsonArray();
        var statuses = new JsonArray();
        foreach (var entry in list.Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = entry.Split(':');
            specs.Add(new JsonObject { ["name"] = parts[0], ["image"] = "busybox" });
            if (parts.Length == 2)
            {
                var made = status(parts[1]);
                made["name"] = parts[0];
                statuses.Add(made);
            }
        }

        return (specs, statuses);
    }

    private static JsonArray Conditions(params (string Type, string Status)[] conditions) =>
        new(conditions.Select(c => (JsonNode)new JsonObject
        {
            ["type"] = c.Type,
            ["status"] = c.Status,
            ["lastProbeTime"] = null,
            ["lastTransitionTime"] = Earlier,
        }).ToArray());

    private static JsonObject? Find(JsonArray conditions, string type) =>
        conditions.OfType<JsonObject>().FirstOrDefault(c => c["type"]!.GetValue<string>() == type);

    private static string Describe(JsonArray conditions, string type)
    {
        var condition = Find(conditions, type) ?? throw new AssertFailedException($"no {type} condition");
        return $"{condition["status"]}|{condition["reason"]}|{condition["message"]}";
    }
}
