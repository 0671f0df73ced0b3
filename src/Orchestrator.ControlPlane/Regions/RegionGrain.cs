using Orchestrator.Cluster;
using Orchestrator.Contracts.Regions;

namespace Orchestrator.ControlPlane.Regions;

/// <summary>Keeps the region's record in grain state, written through before each call answers.</summary>
public sealed partial class RegionGrain(
    [PersistentState("region", RegionClusterExtensions.DefaultStorage)] IPersistentState<RegionRecord> record,
    TimeProvider time,
    ILogger<RegionGrain> logger) : Grain, IRegionGrain
{
    /// <summary>How many silo starts the record keeps.</summary>
    public const int KeptSiloStarts = 20;

    public async Task<RegionRecord> RecordSiloStartAsync(string siloName, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var current = record.State;
        var starts = current.SiloStarts.Append(new SiloStart(siloName, now)).TakeLast(KeptSiloStarts).ToList();

        record.State = current with
        {
            Name = this.GetPrimaryKeyString(),
            CreatedAt = current.CreatedAt ?? now,
            SiloStarts = starts,
            TotalSiloStarts = current.TotalSiloStarts + 1,
        };
        await record.WriteStateAsync(cancellationToken);

        LogSiloStarted(logger, siloName, record.State.Name, record.State.TotalSiloStarts);
        return record.State;
    }

    public Task<RegionRecord> GetAsync(CancellationToken cancellationToken) =>
        Task.FromResult(record.State with { Name = this.GetPrimaryKeyString() });

    [LoggerMessage(EventId = 2001, Level = LogLevel.Information,
        Message = "Recorded start of silo {Silo} in region {Region} (start {Count})")]
    private static partial void LogSiloStarted(ILogger logger, string silo, string region, long count);
}
