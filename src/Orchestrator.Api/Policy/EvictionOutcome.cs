namespace Orchestrator.Api.Policy;

/// <summary>What an eviction request may do with its pod.</summary>
public enum EvictionOutcome
{
    /// <summary>Delete the pod; no budget is involved or the budget lets an unhealthy pod go freely.</summary>
    Delete,

    /// <summary>Delete the pod after recording the eviction in the budget's status.</summary>
    DeleteRecordingBudget,
}
