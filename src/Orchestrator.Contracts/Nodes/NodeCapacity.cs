namespace Orchestrator.Contracts.Nodes;

/// <summary>
/// What a node offers the scheduler: its allocatable resources (status.allocatable) and the scheduling-relevant
/// parts of the Node object (labels, taints, cordon flag).
/// </summary>
[GenerateSerializer]
[Alias("orchestrator.node-capacity")]
public sealed record NodeCapacity
{
    /// <summary>Allocatable cpu in milli-cores.</summary>
    [Id(0)]
    public long MilliCpu { get; init; }

    /// <summary>Allocatable memory in bytes.</summary>
    [Id(1)]
    public long Memory { get; init; }

    /// <summary>How many pods the node may hold.</summary>
    [Id(2)]
    public long Pods { get; init; }

    /// <summary>metadata.labels of the Node.</summary>
    [Id(3)]
    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();

    /// <summary>spec.taints of the Node.</summary>
    [Id(4)]
    public IReadOnlyList<NodeTaint> Taints { get; init; } = [];

    /// <summary>spec.unschedulable: the node is cordoned.</summary>
    [Id(5)]
    public bool Unschedulable { get; init; }
}
