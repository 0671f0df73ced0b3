namespace Orchestrator.Contracts.Nodes;

/// <summary>
/// What a pod asks a node to reserve: one pod slot and its effective cpu and memory requests, with what the
/// scheduler needs to see the pod among a node's pods: its labels (pod affinity, anti-affinity and topology
/// spread match them) and its own pod (anti-)affinity terms (kube checks placed pods' anti-affinity against an
/// incoming pod too). Members are added with new ids only: ledgers stored before carry none of them.
/// </summary>
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

    /// <summary>metadata.labels of the pod; empty when it has none (or in a ledger stored before labels).</summary>
    [Id(5)]
    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();

    /// <summary>
    /// The pod's spec.affinity reduced to its podAffinity and podAntiAffinity, as compact JSON; null when the pod
    /// has no pod (anti-)affinity.
    /// </summary>
    [Id(6)]
    public string? PodAffinity { get; init; }

    /// <summary>A pod always occupies one pod slot.</summary>
    public int Pods => 1;
}
