using System.Text.Json.Nodes;
using Orchestrator.Api.Policy;

namespace Orchestrator.Api.Tests.Policy;

[TestClass]
public sealed class DisruptionBudgetTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);

    // Pods: R ready, U not ready, D being deleted, X ready with a controller of unknown scale, r ready without a
    // controller; the others belong to one Deployment of `scale` replicas.
    // Expected: "expectedPods/currentHealthy/desiredHealthy/disruptionsAllowed".
    [TestMethod]
    [TestCategory("Unit")]
    [DataRow("""{"minAvailable":3}""", "RRRR", 4, "4/4/3/1")]
    [DataRow("""{"minAvailable":4}""", "RRRR", 4, "4/4/4/0")]
    [DataRow("""{"minAvailable":3}""", "RRRU", 4, "4/3/3/0")]
    [DataRow("""{"minAvailable":3}""", "RRRRD", 4, "5/4/3/1")]
    [DataRow("""{"minAvailable":5}""", "RRRR", 4, "4/4/5/0")]
    [DataRow("""{"minAvailable":0}""", "", 0, "0/0/0/0")]
    [DataRow("""{"minAvailable":"50%"}""", "RRRR", 4, "4/4/2/2")]
    [DataRow("""{"minAvailable":"50%"}""", "RRR", 3, "3/3/2/1")]
    [DataRow("""{"minAvailable":"100%"}""", "RRR", 3, "3/3/3/0")]
    [DataRow("""{"minAvailable":"50%"}""", "RR", 4, "4/2/2/0")]
    [DataRow("""{"maxUnavailable":1}""", "RRRR", 4, "4/4/3/1")]
    [DataRow("""{"maxUnavailable":1}""", "RRRU", 4, "4/3/3/0")]
    [DataRow("""{"maxUnavailable":1}""", "RRRR", 5, "5/4/4/0")]
    [DataRow("""{"maxUnavailable":"30%"}""", "RRRR", 4, "4/4/2/2")]
    [DataRow("""{"maxUnavailable":"10%"}""", "RRRRRRRRRR", 10, "10/10/9/1")]
    [DataRow("""{"maxUnavailable":5}""", "RRR", 3, "3/3/0/3")]
    [DataRow("""{"maxUnavailable":0}""", "RRR", 3, "3/3/3/0")]
    [DataRow("""{"maxUnavailable":1}""", "rrr", 0, "3/3/2/1")]
    [DataRow("""{"maxUnavailable":1}""", "RRrr", 2, "4/4/3/1")]
    [DataRow("""{"minAvailable":2}""", "RRX", 2, "3/3/2/1")]
    [DataRow("""{}""", "RRR", 3, "0/3/0/0")]
    public void Compute_SpecAndPods_CountsAsKubernetes(string spec, string pods, int scale, string expected)
    {
        var status = DisruptionBudget.Compute(
            JsonNode.Parse(spec)!.AsObject(), Pods(pods, scale), new Dictionary<string, DateTimeOffset>(), Now);

        Assert.IsNull(status.SyncError);
        Assert.AreEqual(expected,
            $"{status.ExpectedPods}/{status.CurrentHealthy}/{status.DesiredHealthy}/{status.DisruptionsAllowed}");
    }

    [TestMethod]
    [TestCategory("Unit")]
    [DataRow("""{"maxUnavailable":1}""")]
    [DataRow("""{"minAvailable":"50%"}""")]
    public void Compute_ControllerOfUnknownScale_FailsSync(string spec)
    {
        var status = DisruptionBudget.Compute(
            JsonNode.Parse(spec)!.AsObject(), Pods("RRX", 2), new Dictionary<string, DateTimeOffset>(), Now);

        Assert.AreEqual("found no controllers for pod \"pod-2\"", status.SyncError);
        Assert.AreEqual(0, status.DisruptionsAllowed);
    }

    [TestMethod]
    [TestCategory("Unit")]
    public void Compute_RecentEviction_CountsPodUnhealthyUntilTimeout()
    {
        var disrupted = new Dictionary<string, DateTimeOffset>
        {
            ["pod-0"] = Now.AddSeconds(-30),
            ["pod-1"] = Now.AddMinutes(-3),
            ["gone"] = Now,
        };

        var status = DisruptionBudget.Compute(
            JsonNode.Parse("""{"minAvailable":2}""")!.AsObject(), Pods("RRRR", 4), disrupted, Now);

        Assert.AreEqual("3/2/1", $"{status.CurrentHealthy}/{status.DesiredHealthy}/{status.DisruptionsAllowed}");
        Assert.AreEqual("pod-0", string.Join(",", status.DisruptedPods.Keys));
        Assert.AreEqual(Now.AddSeconds(90), status.RecheckAt);
    }

    [TestMethod]
    [TestCategory("Unit")]
    public void Compute_EvictedPodNowDeleting_DropsItFromDisruptedPods()
    {
        var disrupted = new Dictionary<string, DateTimeOffset> { ["pod-2"] = Now.AddSeconds(-5) };

        var status = DisruptionBudget.Compute(
            JsonNode.Parse("""{"minAvailable":2}""")!.AsObject(), Pods("RRD", 3), disrupted, Now);

        Assert.IsEmpty(status.DisruptedPods);
        Assert.IsNull(status.RecheckAt);
    }

    [TestMethod]
    [TestCategory("Unit")]
    [DataRow(2, "True", "SufficientPods")]
    [DataRow(0, "False", "InsufficientPods")]
    public void StatusOf_Computed_WritesCountsAndCondition(int allowed, string conditionStatus, string reason)
    {
        var budget = Budget("""{"minAvailable":2}""");
        var computed = new BudgetStatus(4, 2 + allowed, 2, allowed,
            new Dictionary<string, DateTimeOffset> { ["pod-0"] = Now });

        var status = DisruptionBudget.StatusOf(budget, computed, Now);

        Assert.AreEqual(3, status["observedGeneration"]!.GetValue<long>());
        Assert.AreEqual(allowed, status["disruptionsAllowed"]!.GetValue<int>());
        Assert.AreEqual(4, status["expectedPods"]!.GetValue<int>());
        Assert.AreEqual("2026-01-02T03:04:05Z", status["disruptedPods"]!["pod-0"]!.GetValue<string>());
        var condition = status["conditions"]![0]!;
        Assert.AreEqual("DisruptionAllowed", condition["type"]!.GetValue<string>());
        Assert.AreEqual(conditionStatus, condition["status"]!.GetValue<string>());
        Assert.AreEqual(reason, condition["reason"]!.GetValue<string>());
        Assert.AreEqual(3, condition["observedGeneration"]!.GetValue<long>());
    }

    [TestMethod]
    [TestCategory("Unit")]
    public void StatusOf_ConditionUnchanged_KeepsTransitionTime()
    {
        var budget = Budget("""{"minAvailable":1}""");
        var computed = new BudgetStatus(2, 2, 1, 1, new Dictionary<string, DateTimeOffset>());
        budget["status"] = DisruptionBudget.StatusOf(budget, computed, Now);

        var later = DisruptionBudget.StatusOf(budget, computed, Now.AddMinutes(5));

        Assert.IsTrue(JsonNode.DeepEquals(budget["status"], later), later.ToJsonString());
    }

    [TestMethod]
    [TestCategory("Unit")]
    public void StatusOf_SyncFailed_AllowsNothingAndKeepsCounts()
    {
        var budget = Budget("""{"maxUnavailable":1}""");
        budget["status"] = new JsonObject { ["currentHealthy"] = 3, ["desiredHealthy"] = 2, ["expectedPods"] = 3 };

        var status = DisruptionBudget.StatusOf(budget, BudgetStatus.Failed("found no controllers"), Now);

        Assert.AreEqual(0, status["disruptionsAllowed"]!.GetValue<int>());
        Assert.AreEqual(3, status["currentHealthy"]!.GetValue<long>());
        Assert.AreEqual("SyncFailed", status["conditions"]![0]!["reason"]!.GetValue<string>());
        Assert.AreEqual("found no controllers", status["conditions"]![0]!["message"]!.GetValue<string>());
    }

    [TestMethod]
    [TestCategory("Unit")]
    public void WithEviction_OneAllowance_RecordsPodAndLeavesNone()
    {
        var budget = Budget("""{"minAvailable":3}""");
        var live = new BudgetStatus(4, 4, 3, 1, new Dictionary<string, DateTimeOffset>());

        var status = DisruptionBudget.WithEviction(budget, live, "pod-1", true, Now);
        budget["status"] = status;
        var again = DisruptionBudget.Compute(budget["spec"]!.AsObject(), Pods("RRRR", 4),
            DisruptionBudget.DisruptedPodsOf(budget), Now.AddSeconds(1));

        Assert.AreEqual(0, status["disruptionsAllowed"]!.GetValue<int>());
        Assert.AreEqual(3, status["currentHealthy"]!.GetValue<int>());
        Assert.AreEqual("InsufficientPods", status["conditions"]![0]!["reason"]!.GetValue<string>());
        Assert.AreEqual(0, again.DisruptionsAllowed, "a second eviction sees the first pod as disrupted");
    }

    internal static JsonObject Budget(string spec) => new()
    {
        ["apiVersion"] = "policy/v1",
        ["kind"] = "PodDisruptionBudget",
        ["metadata"] = new JsonObject { ["name"] = "web", ["namespace"] = "ns", ["generation"] = 3 },
        ["spec"] = JsonNode.Parse(spec),
    };

    private static List<BudgetPod> Pods(string letters, int scale)
    {
        var deployment = new ControllerScale("deployment-uid", scale);
        return letters.Select((letter, index) => letter switch
        {
            'R' => new BudgetPod($"pod-{index}", true, false, deployment),
            'U' => new BudgetPod($"pod-{index}", false, false, deployment),
            'D' => new BudgetPod($"pod-{index}", true, true, deployment),
            'r' => new BudgetPod($"pod-{index}", true, false),
            'X' => new BudgetPod($"pod-{index}", true, false) { HasUnknownController = true },
            _ => throw new ArgumentException($"unknown pod letter {letter}"),
        }).ToList();
    }
}
