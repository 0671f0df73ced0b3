namespace Orchestrator.Contracts.Nodes;

/// <summary>What a pod asks a node to reserve: one pod slot and its effective cpu and memory requests.</summary>
[GenerateSerializer]
[Alias("orchestrator.pod-claim")]
public sealed record PodClaim
{
    /// <summary>The pod's namespace.</summary>
    [Id(0)]
    public string Namespace { get; init; } = "";

    /// <summary>The pod's name.</summary>
    [Id(1)]
    public string Name { get; init; } = "";

    /// <summary>The pod's uid, which identifies the reservation.</summary>
    [Id(2)]
    public string Uid { get; init; } = "";

    /// <summary>Requested cpu in milli-cores.</summary>
    [Id(3)]
    public long MilliCpu { get; init; }

    /// <summary>Requested memory in bytes.</summary>
    [Id(4)]
    public long Memory { get; init; }

    /// <summary>A pod always occupies one pod slot.</summary>
    public int Pods => 1;
}
