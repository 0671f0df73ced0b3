using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orchestrator.Api.Resources;
using Orchestrator.Store;
using Orchestrator.Store.Objects;

namespace Orchestrator.Api.Lifecycle;

/// <summary>
/// Deletes what its owners no longer hold, as Kubernetes' garbage collector and namespace controller do:
/// dependents whose owners are gone (background propagation), dependents of an owner deleted in the foreground
/// (then the owner), owner references of an owner deleted with orphan propagation, everything in a namespace being
/// deleted (then the namespace), and pods whose grace period ran out on a node that does not exist.
/// Level-driven: every pass looks at the whole graph, so a missed or repeated change only delays it. Each
/// control-plane silo runs one; their writes are idempotent and guarded by the store's preconditions.
/// </summary>
public sealed partial class GarbageCollector(
    IObjectStore store, ResourceCatalog catalog, ObjectLifecycle lifecycle, TimeProvider time,
    ILogger<GarbageCollector> logger) : BackgroundService
{
    private static readonly TimeSpan PassInterval = TimeSpan.FromSeconds(1);

    private readonly Channel<ObjectChange?> _changes = Channel.CreateUnbounded<ObjectChange?>();
    private readonly ObjectGraph _graph = new();
    private readonly Dictionary<string, ResourceDefinition> _byStorageKey = catalog.Resources
        .Where(r => r.IsPersisted)
        .GroupBy(r => r.StorageKey)
        .ToDictionary(g => g.Key, g => g.First());

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var revision = await LoadAsync(stoppingToken);
                await Task.WhenAll(FeedAsync(revision, stoppingToken), TickAsync(stoppingToken),
                    ProcessAsync(stoppingToken));
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception error)
            {
                LogRestart(logger, error);
                await Task.Delay(TimeSpan.FromSeconds(2), time, stoppingToken);
            }
        }
    }

    // Every stored object at one revision; the feed continues from there.
    private async Task<long> LoadAsync(CancellationToken cancellationToken)
    {
        var revision = await store.GetRevisionAsync(cancellationToken);
        foreach (var storageKey in _byStorageKey.Keys)
        {
            await foreach (var item in store.ListAllAsync(storageKey, revision, cancellationToken))
            {
                _graph.Upsert(item);
            }
        }

        LogLoaded(logger, _graph.Count, revision);
        return revision;
    }

    private async Task FeedAsync(long revision, CancellationToken cancellationToken)
    {
        await foreach (var change in store.WatchAsync(new WatchRequest(null, revision), cancellationToken))
        {
            await _changes.Writer.WriteAsync(change, cancellationToken);
        }
    }

    private async Task TickAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(PassInterval, time);
        while (await timer.WaitForNextTickAsync(cancellationToken))
        {
            await _changes.Writer.WriteAsync(null, cancellationToken);
        }
    }

    private async Task ProcessAsync(CancellationToken cancellationToken)
    {
        while (await _changes.Reader.WaitToReadAsync(cancellationToken))
        {
            while (_changes.Reader.TryRead(out var change))
            {
                if (change is null)
                {
                    continue;
                }

                if (change.Type == ChangeType.Deleted)
                {
                    _graph.Remove(change.Object.Uid.ToString());
                }
                else if (_byStorageKey.ContainsKey(change.Object.Key.Resource))
                {
                    _graph.Upsert(change.Object);
                }
            }

            await PassAsync(cancellationToken);
        }
    }
}
