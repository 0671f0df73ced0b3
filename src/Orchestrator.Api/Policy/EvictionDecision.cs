using System.Text.Json.Nodes;
using Orchestrator.Api.Objects;
using Orchestrator.Api.Server;

namespace Orchestrator.Api.Policy;

/// <summary>
/// Whether the eviction subresource may delete a pod, as kube-apiserver decides it: finished, pending and deleting
/// pods go without asking any budget; a pod more than one budget selects is an internal error; an unhealthy pod
/// goes when its budget's <c>unhealthyPodEvictionPolicy</c> is AlwaysAllow, or under IfHealthyBudget when the budget
/// is met; otherwise the budget must allow a disruption, or the request is refused with 429 TooManyRequests.
/// Pure.
/// </summary>
public static class EvictionDecision
{
    /// <summary>The message of a refused eviction.</summary>
    public const string RefusalMessage = "Cannot evict pod as it would violate the pod's disruption budget.";

    /// <summary>The cause reason Kubernetes gives a refusal by a budget.</summary>
    public const string BudgetCause = "DisruptionBudget";

    /// <summary>Whether the pod may be deleted without consulting any budget.</summary>
    public static bool IgnoresBudgets(JsonObject pod) =>
        pod.ObjectAt("status").StringAt("phase") is "Succeeded" or "Failed" or "Pending" ||
        pod.ObjectAt("metadata").StringAt("deletionTimestamp") is not null;

    /// <summary>Whether the pod's Ready condition is True.</summary>
    public static bool IsReady(JsonObject pod) =>
        pod.ObjectAt("status").ObjectsAt("conditions")
            .FirstOrDefault(c => c.StringAt("type") == "Ready")?.StringAt("status") == "True";

    /// <summary>
    /// Decides the eviction of <paramref name="pod"/> given the budgets that select it, each with its status as
    /// computed from the live pods.
    /// </summary>
    /// <exception cref="ApiException">500 when more than one budget selects the pod; 429 TooManyRequests with a
    /// DisruptionBudget cause when the budget allows no disruption.</exception>
    public static EvictionVerdict Decide(
        JsonObject pod, IReadOnlyList<(JsonObject Budget, BudgetStatus Live)> budgets)
    {
        if (IgnoresBudgets(pod) || budgets.Count == 0)
        {
            return new EvictionVerdict(EvictionOutcome.Delete);
        }

        if (budgets.Count > 1)
        {
            throw ApiErrors.Internal("Internal error occurred: This pod has more than one PodDisruptionBudget, " +
                "which the eviction subresource does not support.");
        }

        var (budget, live) = budgets[0];
        var name = budget.ObjectAt("metadata").StringAt("name") ?? "";
        if (!IsReady(pod))
        {
            var policy = budget.ObjectAt("spec").StringAt("unhealthyPodEvictionPolicy");
            if (policy == "AlwaysAllow" ||
                (live.SyncError is null && live.CurrentHealthy >= live.DesiredHealthy && live.DesiredHealthy > 0))
            {
                return new EvictionVerdict(EvictionOutcome.Delete, name, 0);
            }
        }

        if (live.DisruptionsAllowed <= 0)
        {
            throw Refusal(name, live);
        }

        return new EvictionVerdict(EvictionOutcome.DeleteRecordingBudget, name, 0);
    }

    /// <summary>The 429 a budget answers an eviction it cannot allow.</summary>
    public static ApiException Refusal(string budgetName, BudgetStatus live)
    {
        var message = live switch
        {
            { SyncError: { } error } =>
                $"The disruption budget {budgetName} does not allow evicting pods currently because it failed " +
                $"sync: {error}",
            _ when live.CurrentHealthy <= live.DesiredHealthy =>
                $"The disruption budget {budgetName} needs {live.DesiredHealthy} healthy pods and has " +
                $"{live.CurrentHealthy} currently",
            _ => $"The disruption budget {budgetName} does not allow evicting pods currently",
        };
        return new ApiException(429, "TooManyRequests", RefusalMessage,
            new StatusDetails(Causes: [new StatusCause(BudgetCause, message)]));
    }

    /// <summary>The 429 for a budget whose status kept changing under concurrent evictions.</summary>
    public static ApiException StillProcessing(string budgetName) =>
        new(429, "TooManyRequests", RefusalMessage, new StatusDetails(Causes:
            [
                new StatusCause(BudgetCause,
                    $"The disruption budget {budgetName} is still being processed by the server."),
            ])
        {
            RetryAfterSeconds = 10,
        });
}
