namespace Orchestrator.Store;

/// <summary>Settings of the object store.</summary>
public sealed class StoreOptions
{
    /// <summary>
    /// How many objects a filtered list page may examine before it answers with what it found and a continue token.
    /// </summary>
    public int ListScanBudget { get; set; } = 2000;

    /// <summary>How many recent changes each process keeps in memory for its watchers.</summary>
    public int WatchCacheCapacity { get; set; } = 50_000;

    /// <summary>
    /// How often the change feed reads the log even without a notification (a missed one costs this).
    /// </summary>
    public TimeSpan ChangePollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long changes stay in the log before compaction may remove them.</summary>
    public TimeSpan HistoryRetention { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How often compaction runs.</summary>
    public TimeSpan CompactionInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>The most log entries one compaction step removes.</summary>
    public int CompactionBatchSize { get; set; } = 5000;

    /// <summary>The most writes committed together in one transaction.</summary>
    public int MaxWriteBatch { get; set; } = 256;
}
