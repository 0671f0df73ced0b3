namespace Orchestrator.Contracts.Regions;

/// <summary>One start of a control-plane silo in a region.</summary>
[GenerateSerializer]
[Alias("orchestrator.silo-start")]
public sealed record SiloStart([property: Id(0)] string SiloName, [property: Id(1)] DateTimeOffset StartedAt);
