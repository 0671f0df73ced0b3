namespace Orchestrator.Contracts.Nodes;

/// <summary>
/// The answer to a reservation: accepted, or refused with the reasons kube-scheduler's NodeResourcesFit gives
/// ("Too many pods", "Insufficient cpu", "Insufficient memory"). Carries the node's snapshot after the answer, so
/// the caller can refresh its view of the node without asking again.
/// </summary>
[GenerateSerializer]
[Alias("orchestrator.node-reservation")]
public sealed record NodeReservation
{
    /// <summary>Whether the pod holds a reservation on the node now.</summary>
    [Id(0)]
    public bool Accepted { get; init; }

    /// <summary>Whether the pod already held the reservation before this call (a repeated reservation).</summary>
    [Id(1)]
    public bool AlreadyReserved { get; init; }

    /// <summary>Why the node refused; empty when accepted.</summary>
    [Id(2)]
    public IReadOnlyList<string> Reasons { get; init; } = [];

    /// <summary>The node's ledger after the call.</summary>
    [Id(3)]
    public NodeSnapshot Snapshot { get; init; } = new();

    /// <summary>The reasons joined as kube joins them ("Insufficient cpu, Insufficient memory").</summary>
    public string Message => string.Join(", ", Reasons);
}
