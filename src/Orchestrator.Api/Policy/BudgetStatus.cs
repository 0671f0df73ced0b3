namespace Orchestrator.Api.Policy;

/// <summary>
/// What a disruption budget's status says, computed from the pods it selects: how many pods are expected, how many
/// are healthy, how many must stay healthy and so how many may be disrupted; the evictions not yet seen through
/// (<see cref="DisruptedPods"/>) and when the earliest of them expires. <see cref="SyncError"/> is set when the
/// budget cannot be computed; then nothing may be disrupted.
/// </summary>
public sealed record BudgetStatus(
    int ExpectedPods, int CurrentHealthy, int DesiredHealthy, int DisruptionsAllowed,
    IReadOnlyDictionary<string, DateTimeOffset> DisruptedPods)
{
    public string? SyncError { get; init; }

    /// <summary>When the earliest entry of <see cref="DisruptedPods"/> expires; null when there is none.</summary>
    public DateTimeOffset? RecheckAt { get; init; }

    /// <summary>A budget that could not be computed: nothing may be disrupted.</summary>
    public static BudgetStatus Failed(string error) =>
        new(0, 0, 0, 0, new Dictionary<string, DateTimeOffset>()) { SyncError = error };
}
