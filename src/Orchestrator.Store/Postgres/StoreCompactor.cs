using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Orchestrator.Store.Postgres;

/// <summary>
/// Compacts the change log on a schedule: each run notes the region's revision, and compacts up to the revision
/// it noted at least <see cref="StoreOptions.HistoryRetention"/> earlier, so history stays bounded to about that
/// long whatever the write rate.
/// </summary>
public sealed partial class StoreCompactor(
    PostgresObjectStore store, StoreOptions options, TimeProvider time, ILogger<StoreCompactor> logger)
    : BackgroundService
{
    private readonly Queue<(DateTimeOffset At, long Revision)> _observed = new();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.CompactionInterval, time);
        do
        {
            try
            {
                await RunOnceAsync(stoppingToken);
            }
            catch (Exception error) when (!stoppingToken.IsCancellationRequested)
            {
                LogCompactionFailed(logger, error);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>Notes the current revision and compacts to the newest one noted a retention period ago.</summary>
    public async Task RunOnceAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        _observed.Enqueue((now, await store.GetRevisionAsync(cancellationToken)));

        long? horizon = null;
        while (_observed.Count > 0 && now - _observed.Peek().At >= options.HistoryRetention)
        {
            horizon = _observed.Dequeue().Revision;
        }

        if (horizon is { } target)
        {
            await store.CompactAsync(target, cancellationToken);
        }
    }

    [LoggerMessage(EventId = 1122, Level = LogLevel.Warning, Message = "Compacting the change log failed; will retry")]
    private static partial void LogCompactionFailed(ILogger logger, Exception error);
}
