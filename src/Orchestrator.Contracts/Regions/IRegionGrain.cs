namespace Orchestrator.Contracts.Regions;

/// <summary>
/// The record of a region, keyed by the region's name: when it was first started and which control-plane silos
/// have started in it. Kept in the region's database, so it outlives every silo.
/// </summary>
public interface IRegionGrain : IGrainWithStringKey
{
    /// <summary>Records that a control-plane silo has started. Each call adds one entry; the newest are kept.</summary>
    Task<RegionRecord> RecordSiloStartAsync(string siloName, CancellationToken cancellationToken = default);

    /// <summary>The region's record as stored.</summary>
    Task<RegionRecord> GetAsync(CancellationToken cancellationToken = default);
}
