using System.Globalization;
using System.Text.Json.Nodes;
using Orchestrator.Api.Lifecycle;
using Orchestrator.Api.Objects;

namespace Orchestrator.Api.Policy;

/// <summary>
/// The arithmetic of a policy/v1 PodDisruptionBudget, as Kubernetes' disruption controller does it: expected pods,
/// healthy pods, the healthy pods the budget wants and the disruptions it allows, and the status object that says
/// so. Pure and thread-safe.
/// </summary>
public static class DisruptionBudget
{
    /// <summary>The condition type that says whether a budget allows disruptions.</summary>
    public const string AllowedCondition = "DisruptionAllowed";

    public const string SufficientPods = "SufficientPods";

    public const string InsufficientPods = "InsufficientPods";

    public const string SyncFailed = "SyncFailed";

    /// <summary>
    /// How long an eviction the budget granted counts its pod as gone while the pod is not yet deleting.
    /// </summary>
    public static readonly TimeSpan DeletionTimeout = TimeSpan.FromMinutes(2);

    /// <summary>
    /// The status of a budget with <paramref name="spec"/> over the pods it selects. <paramref name="disrupted"/> is
    /// the status' <c>disruptedPods</c>: pods evicted through this budget that are not yet being deleted count as
    /// unhealthy until <see cref="DeletionTimeout"/> passes. With <c>maxUnavailable</c> or a percentage the expected
    /// count is the wanted scale of the pods' controllers (a pod without a controller counts as one);
    /// with an integer <c>minAvailable</c> it is the number of pods. Percentages round up.
    /// </summary>
    public static BudgetStatus Compute(
        JsonObject? spec, IReadOnlyList<BudgetPod> pods, IReadOnlyDictionary<string, DateTimeOffset> disrupted,
        DateTimeOffset now)
    {
        int expected;
        int desired;
        var maxUnavailable = spec?["maxUnavailable"];
        var minAvailable = spec?["minAvailable"];
        if (maxUnavailable is not null)
        {
            if (ExpectedScale(pods, out expected) is { } error)
            {
                return BudgetStatus.Failed(error);
            }

            if (!IntOrPercent.TryScale(maxUnavailable, expected, true, out var unavailable, out error))
            {
                return BudgetStatus.Failed(error);
            }

            desired = Math.Max(0, expected - unavailable);
        }
        else if (minAvailable is not null && IntOrPercent.IsInteger(minAvailable))
        {
            expected = pods.Count;
            if (!IntOrPercent.TryScale(minAvailable, expected, true, out desired, out var error))
            {
                return BudgetStatus.Failed(error);
            }
        }
        else if (minAvailable is not null)
        {
            if (ExpectedScale(pods, out expected) is { } error)
            {
                return BudgetStatus.Failed(error);
            }

            if (!IntOrPercent.TryScale(minAvailable, expected, true, out desired, out error))
            {
                return BudgetStatus.Failed(error);
            }
        }
        else
        {
            expected = 0;
            desired = 0;
        }

        var (pending, recheck) = PendingDisruptions(pods, disrupted, now);
        var healthy = pods.Count(p => !p.IsDeleting && p.IsReady && !pending.ContainsKey(p.Name));
        var allowed = expected <= 0 ? 0 : Math.Max(0, healthy - desired);
        return new BudgetStatus(expected, healthy, desired, allowed, pending) { RecheckAt = recheck };
    }

    /// <summary>
    /// The status object of a budget: the computed counts, <c>observedGeneration</c> from the budget's generation,
    /// <c>disruptedPods</c> when there are any, and the DisruptionAllowed condition (its transition time kept while
    /// its status does not change). A failed computation keeps the previous counts and allows nothing.
    /// </summary>
    public static JsonObject StatusOf(JsonObject budget, BudgetStatus computed, DateTimeOffset now)
    {
        var previous = budget.ObjectAt("status");
        var generation = budget.ObjectAt("metadata").IntegerAt("generation") ?? 0;
        var status = new JsonObject { ["observedGeneration"] = generation };
        if (computed.SyncError is null)
        {
            if (computed.DisruptedPods.Count > 0)
            {
                var map = new JsonObject();
                foreach (var (pod, time) in computed.DisruptedPods.OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    map[pod] = ObjectMetadata.Timestamp(time);
                }

                status["disruptedPods"] = map;
            }

            status["disruptionsAllowed"] = computed.DisruptionsAllowed;
            status["currentHealthy"] = computed.CurrentHealthy;
            status["desiredHealthy"] = computed.DesiredHealthy;
            status["expectedPods"] = computed.ExpectedPods;
        }
        else
        {
            if (previous?["disruptedPods"] is JsonObject kept)
            {
                status["disruptedPods"] = kept.DeepClone();
            }

            status["disruptionsAllowed"] = 0;
            status["currentHealthy"] = previous.IntegerAt("currentHealthy") ?? 0;
            status["desiredHealthy"] = previous.IntegerAt("desiredHealthy") ?? 0;
            status["expectedPods"] = previous.IntegerAt("expectedPods") ?? 0;
        }

        var (conditionStatus, reason) = computed switch
        {
            { SyncError: not null } => ("False", SyncFailed),
            { DisruptionsAllowed: > 0 } => ("True", SufficientPods),
            _ => ("False", InsufficientPods),
        };
        status["conditions"] = new JsonArray(Condition(
            previous, conditionStatus, reason, computed.SyncError ?? "", generation, now));
        return status;
    }

    /// <summary>
    /// The status after one more eviction of <paramref name="pod"/>: one disruption fewer and the pod recorded in
    /// <c>disruptedPods</c> at <paramref name="now"/>, so a concurrent eviction cannot use the same allowance.
    /// <paramref name="wasHealthy"/> says whether the pod counted among the healthy ones.
    /// </summary>
    public static JsonObject WithEviction(
        JsonObject budget, BudgetStatus live, string pod, bool wasHealthy, DateTimeOffset now)
    {
        var disrupted = new Dictionary<string, DateTimeOffset>(live.DisruptedPods) { [pod] = now };
        var after = live with
        {
            DisruptionsAllowed = Math.Max(0, live.DisruptionsAllowed - 1),
            CurrentHealthy = wasHealthy ? Math.Max(0, live.CurrentHealthy - 1) : live.CurrentHealthy,
            DisruptedPods = disrupted,
        };
        return StatusOf(budget, after, now);
    }

    /// <summary>The <c>disruptedPods</c> map of a stored budget status.</summary>
    public static IReadOnlyDictionary<string, DateTimeOffset> DisruptedPodsOf(JsonObject budget)
    {
        var result = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        foreach (var (pod, value) in budget.ObjectAt("status").ObjectAt("disruptedPods") ?? [])
        {
            if (value?.GetValue<string>() is { } text && DateTimeOffset.TryParse(
                text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time))
            {
                result[pod] = time;
            }
        }

        return result;
    }

    // The sum of the controllers' wanted replicas, each controller once; a pod without one counts as one.
    private static string? ExpectedScale(IReadOnlyList<BudgetPod> pods, out int expected)
    {
        expected = 0;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var pod in pods)
        {
            if (pod.HasUnknownController)
            {
                return $"found no controllers for pod \"{pod.Name}\"";
            }

            if (pod.Controller is null)
            {
                expected++;
            }
            else if (seen.Add(pod.Controller.Uid))
            {
                expected += pod.Controller.Replicas;
            }
        }

        return null;
    }

    // Evictions still expected to turn into deletions: pods present, not yet deleting, evicted less than
    // DeletionTimeout ago.
    private static (Dictionary<string, DateTimeOffset> Pending, DateTimeOffset? Recheck) PendingDisruptions(
        IReadOnlyList<BudgetPod> pods, IReadOnlyDictionary<string, DateTimeOffset> disrupted, DateTimeOffset now)
    {
        var pending = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        DateTimeOffset? recheck = null;
        foreach (var pod in pods)
        {
            if (pod.IsDeleting || !disrupted.TryGetValue(pod.Name, out var evictedAt))
            {
                continue;
            }

            var expires = evictedAt + DeletionTimeout;
            if (expires < now)
            {
                continue;
            }

            pending[pod.Name] = evictedAt;
            recheck = recheck is null || expires < recheck ? expires : recheck;
        }

        return (pending, recheck);
    }

    private static JsonObject Condition(
        JsonObject? previous, string status, string reason, string message, long generation, DateTimeOffset now)
    {
        var old = previous.ObjectsAt("conditions").FirstOrDefault(c => c.StringAt("type") == AllowedCondition);
        var since = old is not null && old.StringAt("status") == status
            ? old.StringAt("lastTransitionTime") ?? ObjectMetadata.Timestamp(now)
            : ObjectMetadata.Timestamp(now);
        return new JsonObject
        {
            ["type"] = AllowedCondition,
            ["status"] = status,
            ["observedGeneration"] = generation,
            ["lastTransitionTime"] = since,
            ["reason"] = reason,
            ["message"] = message,
        };
    }
}
