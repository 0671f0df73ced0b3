namespace Orchestrator.Contracts.Regions;

/// <summary>What a region remembers of itself.</summary>
[GenerateSerializer]
[Alias("orchestrator.region-record")]
public sealed record RegionRecord
{
    /// <summary>The region's name.</summary>
    [Id(0)]
    public string Name { get; init; } = "";

    /// <summary>When the first control-plane silo of the region started.</summary>
    [Id(1)]
    public DateTimeOffset? CreatedAt { get; init; }

    /// <summary>The most recent silo starts, oldest first.</summary>
    [Id(2)]
    public IReadOnlyList<SiloStart> SiloStarts { get; init; } = [];

    /// <summary>How many silo starts the region has seen in all.</summary>
    [Id(3)]
    public long TotalSiloStarts { get; init; }
}
