namespace Orchestrator.Api.Policy;

/// <summary>
/// The decision on one eviction: the outcome and, when a budget guards the pod, its name and index among the
/// candidates given to <see cref="EvictionDecision.Decide"/>.
/// </summary>
public sealed record EvictionVerdict(EvictionOutcome Outcome, string? BudgetName = null, int BudgetIndex = -1);
