using System.Text.Json.Nodes;
using Orchestrator.Api.Objects;
using Orchestrator.Store;
using Orchestrator.Store.Errors;

namespace Orchestrator.Api.Policy;

/// <summary>
/// The eviction subresource's check against disruption budgets. It decides on budgets computed from the live pods
/// (never on a status that may be stale), and takes an allowance by recording the pod in the budget's
/// <c>disruptedPods</c> under the revision it read: of two concurrent evictions on one allowance, the second meets
/// a conflict, computes again with the first pod counted as disrupted, and is refused. Thread-safe.
/// </summary>
public sealed class EvictionGuard(IObjectStore store, TimeProvider time)
{
    private const int MaxAttempts = 5;

    private readonly DisruptionBudgetReader _reader = new(store);

    /// <summary>
    /// Returns when <paramref name="pod"/> may be deleted, having recorded the eviction in its budget unless
    /// <paramref name="dryRun"/>. Not idempotent: each call that passes takes one allowance.
    /// </summary>
    /// <exception cref="Server.ApiException">429 TooManyRequests when the budget allows no disruption or kept
    /// changing; 500 when more than one budget selects the pod.</exception>
    public async Task AdmitAsync(JsonObject pod, bool dryRun, CancellationToken cancellationToken)
    {
        if (EvictionDecision.IgnoresBudgets(pod))
        {
            return;
        }

        var ns = pod.ObjectAt("metadata").StringAt("namespace") ?? "";
        var name = pod.ObjectAt("metadata").StringAt("name") ?? "";
        var budgetName = "";
        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            var budgets = (await _reader.ListBudgetsAsync(ns, cancellationToken))
                .Where(b => new PodLabelSelector(b.Object.ObjectAt("spec").ObjectAt("selector")).Matches(pod))
                .ToList();
            var pods = budgets.Count == 1
                ? (await _reader.ListPodsAsync(ns, cancellationToken)).Select(p => p.Object).ToList()
                : [];
            var now = time.GetUtcNow();
            var candidates = new List<(JsonObject Budget, BudgetStatus Live)>();
            foreach (var budget in budgets)
            {
                candidates.Add((budget.Object, budgets.Count == 1
                    ? await _reader.ComputeAsync(budget.Object, pods, now, cancellationToken)
                    : BudgetStatus.Failed("more than one budget selects the pod")));
            }

            var verdict = EvictionDecision.Decide(pod, candidates);
            if (verdict.Outcome == EvictionOutcome.Delete || dryRun)
            {
                return;
            }

            var stored = budgets[verdict.BudgetIndex];
            budgetName = verdict.BudgetName ?? "";
            var updated = stored.ToJsonObject();
            updated["status"] = DisruptionBudget.WithEviction(
                stored.Object, candidates[verdict.BudgetIndex].Live, name, EvictionDecision.IsReady(pod), now);
            try
            {
                await store.UpdateAsync(stored, updated, cancellationToken);
                return;
            }
            catch (ObjectConflictException)
            {
                // Another eviction or the disruption controller wrote the budget first: decide again.
            }
        }

        throw EvictionDecision.StillProcessing(budgetName);
    }
}
