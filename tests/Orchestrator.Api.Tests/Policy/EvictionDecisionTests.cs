using System.Text.Json.Nodes;
using Orchestrator.Api.Policy;
using Orchestrator.Api.Server;

namespace Orchestrator.Api.Tests.Policy;

[TestClass]
public sealed class EvictionDecisionTests
{
    // healthy/desired/allowed of the one budget; "-" for no budget.
    [TestMethod]
    [TestCategory("Unit")]
    [DataRow("Running", true, false, "-", "", "Delete")]
    [DataRow("Running", true, false, "4/3/1", "", "DeleteRecordingBudget")]
    [DataRow("Pending", false, false, "3/3/0", "", "Delete")]
    [DataRow("Succeeded", false, false, "3/3/0", "", "Delete")]
    [DataRow("Failed", false, false, "3/3/0", "", "Delete")]
    [DataRow("Running", true, true, "3/3/0", "", "Delete")]
    [DataRow("Running", false, false, "3/3/0", "", "Delete")]
    [DataRow("Running", false, false, "2/3/0", "AlwaysAllow", "Delete")]
    [DataRow("Running", false, false, "3/3/0", "IfHealthyBudget", "Delete")]
    [DataRow("Running", false, false, "3/0/3", "", "DeleteRecordingBudget")]
    public void Decide_PodAndBudget_Allows(
        string phase, bool ready, bool deleting, string budget, string policy, string outcome)
    {
        var verdict = EvictionDecision.Decide(Pod(phase, ready, deleting), Budgets(budget, policy));

        Assert.AreEqual(outcome, verdict.Outcome.ToString());
    }

    [TestMethod]
    [TestCategory("Unit")]
    [DataRow(true, "3/3/0", "", "The disruption budget web needs 3 healthy pods and has 3 currently")]
    [DataRow(false, "2/3/0", "", "The disruption budget web needs 3 healthy pods and has 2 currently")]
    [DataRow(false, "2/3/0", "IfHealthyBudget", "The disruption budget web needs 3 healthy pods and has 2 currently")]
    [DataRow(true, "4/3/0", "", "The disruption budget web does not allow evicting pods currently")]
    public void Decide_NoDisruptionAllowed_RefusesWith429(bool ready, string budget, string policy, string cause)
    {
        var error = Assert.ThrowsExactly<ApiException>(
            () => EvictionDecision.Decide(Pod("Running", ready, false), Budgets(budget, policy)));

        Assert.AreEqual(429, error.Code);
        Assert.AreEqual("TooManyRequests", error.Reason);
        Assert.AreEqual("Cannot evict pod as it would violate the pod's disruption budget.", error.Message);
        Assert.AreEqual("DisruptionBudget", error.Details!.Causes![0].Reason);
        Assert.AreEqual(cause, error.Details.Causes[0].Message);
        Assert.IsNull(error.Details.RetryAfterSeconds, "no Retry-After, or client-go would retry by itself");
    }

    [TestMethod]
    [TestCategory("Unit")]
    public void Decide_SyncFailed_RefusesNamingTheFailure()
    {
        var budget = DisruptionBudgetTests.Budget("""{"maxUnavailable":1}""");

        var error = Assert.ThrowsExactly<ApiException>(() => EvictionDecision.Decide(
            Pod("Running", true, false), [(budget, BudgetStatus.Failed("found no controllers for pod \"a\""))]));

        Assert.AreEqual(429, error.Code);
        StringAssert.Contains(error.Details!.Causes![0].Message, "failed sync: found no controllers for pod \"a\"");
    }

    [TestMethod]
    [TestCategory("Unit")]
    public void Decide_TwoBudgets_InternalError()
    {
        var budgets = Budgets("4/3/1", "").Concat(Budgets("4/3/1", "")).ToList();

        var error = Assert.ThrowsExactly<ApiException>(
            () => EvictionDecision.Decide(Pod("Running", true, false), budgets));

        Assert.AreEqual(500, error.Code);
        StringAssert.Contains(error.Message, "This pod has more than one PodDisruptionBudget");
    }

    [TestMethod]
    [TestCategory("Unit")]
    [DataRow("""{"matchLabels":{"app":"web"}}""", true)]
    [DataRow("""{"matchLabels":{"app":"db"}}""", false)]
    [DataRow("""{"matchExpressions":[{"key":"app","operator":"In","values":["web","api"]}]}""", true)]
    [DataRow("""{"matchExpressions":[{"key":"tier","operator":"DoesNotExist"}]}""", true)]
    [DataRow("""{"matchExpressions":[{"key":"app","operator":"NotIn","values":["web"]}]}""", false)]
    [DataRow("""{}""", true)]
    [DataRow(null, false)]
    public void PodLabelSelector_Selector_MatchesAsPolicyV1(string? selector, bool matches)
    {
        var parsed = selector is null ? null : JsonNode.Parse(selector)!.AsObject();

        Assert.AreEqual(matches, new PodLabelSelector(parsed).Matches(Pod("Running", true, false)));
    }

    private static JsonObject Pod(string phase, bool ready, bool deleting)
    {
        var metadata = new JsonObject { ["name"] = "web-1", ["labels"] = new JsonObject { ["app"] = "web" } };
        if (deleting)
        {
            metadata["deletionTimestamp"] = "2026-01-02T03:04:05Z";
        }

        return new JsonObject
        {
            ["metadata"] = metadata,
            ["status"] = new JsonObject
            {
                ["phase"] = phase,
                ["conditions"] = new JsonArray(new JsonObject
                {
                    ["type"] = "Ready",
                    ["status"] = ready ? "True" : "False",
                }),
            },
        };
    }

    private static List<(JsonObject Budget, BudgetStatus Live)> Budgets(string counts, string policy)
    {
        if (counts == "-")
        {
            return [];
        }

        var numbers = counts.Split('/').Select(int.Parse).ToArray();
        var budget = DisruptionBudgetTests.Budget(policy.Length == 0
            ? """{"minAvailable":3}"""
            : $$"""{"minAvailable":3,"unhealthyPodEvictionPolicy":"{{policy}}"}""");
        return [(budget, new BudgetStatus(numbers[0], numbers[0], numbers[1], numbers[2],
            new Dictionary<string, DateTimeOffset>()))];
    }
}
