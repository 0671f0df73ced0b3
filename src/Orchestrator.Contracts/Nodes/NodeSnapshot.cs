namespace Orchestrator.Contracts.Nodes;

/// <summary>A node's capacity ledger at one moment: what it offers and which pods hold how much of it.</summary>
[GenerateSerializer]
[Alias("orchestrator.node-snapshot")]
public sealed record NodeSnapshot
{
    /// <summary>The node's name.</summary>
    [Id(0)]
    public string Name { get; init; } = "";

    /// <summary>What the node offers; all zero until its capacity is set.</summary>
    [Id(1)]
    public NodeCapacity Capacity { get; init; } = new();

    /// <summary>Cpu reserved by the pods, in milli-cores.</summary>
    [Id(2)]
    public long ReservedMilliCpu { get; init; }

    /// <summary>Memory reserved by the pods, in bytes.</summary>
    [Id(3)]
    public long ReservedMemory { get; init; }

    /// <summary>The reservations, ordered by pod uid.</summary>
    [Id(4)]
    public IReadOnlyList<PodClaim> Claims { get; init; } = [];

    /// <summary>How many pods hold a reservation.</summary>
    public int ReservedPods => Claims.Count;

    /// <summary>The uids of the pods holding a reservation, ordered.</summary>
    public IEnumerable<string> PodUids => Claims.Select(c => c.Uid);
}
