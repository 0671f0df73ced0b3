namespace Orchestrator.Contracts.Nodes;

/// <summary>A taint of a node (spec.taints): key, value (empty when none) and effect.</summary>
[GenerateSerializer]
[Alias("orchestrator.node-taint")]
public sealed record NodeTaint(
    [property: Id(0)] string Key, [property: Id(1)] string Value, [property: Id(2)] string Effect);
