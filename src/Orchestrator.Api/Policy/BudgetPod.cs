namespace Orchestrator.Api.Policy;

/// <summary>
/// One pod a disruption budget selects, as the budget sees it: whether it is Ready and whether it is being deleted,
/// and the scale of the workload that controls it (null for a pod without a controller).
/// <see cref="HasUnknownController"/> marks a pod whose controller is not a kind whose scale is known.
/// </summary>
public sealed record BudgetPod(string Name, bool IsReady, bool IsDeleting, ControllerScale? Controller = null)
{
    public bool HasUnknownController { get; init; }
}
