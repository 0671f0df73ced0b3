using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Orchestrator.Contracts.Workloads;
using Orchestrator.Store;
using Orchestrator.Store.Objects;

namespace Orchestrator.ControlPlane.Workloads;

/// <summary>
/// Turns the store's change feed into reconcile calls on the workload grains: a Deployment's change reconciles it;
/// a ReplicaSet's change reconciles it and the Deployment that controls it; a pod's change reconciles its
/// controlling ReplicaSet, or, for a pod without one, every ReplicaSet whose selector matches it (adoption).
/// Pending calls are coalesced per object; a grain's requested requeue is honoured with a timer, and a failure is
/// retried with backoff. Every object is reconciled at start and on each periodic resync, so a missed change
/// only delays. Each control-plane silo runs one; the grains serialize what they receive.
/// </summary>
public sealed partial class WorkloadDispatcher(
    IObjectStore store, IGrainFactory grains, TimeProvider time, ILogger<WorkloadDispatcher> logger)
    : BackgroundService
{
    private const int Workers = 4;
    private static readonly TimeSpan ResyncInterval = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(30);

    private readonly Channel<WorkItem> _queue = Channel.CreateUnbounded<WorkItem>();
    private readonly ConcurrentDictionary<WorkItem, byte> _pending = new();
    private readonly ConcurrentDictionary<WorkItem, int> _failures = new();
    private readonly ConcurrentDictionary<string, byte> _deployments = new();
    private readonly ConcurrentDictionary<string, LabelSelector> _replicaSets = new();

    private readonly record struct WorkItem(bool IsDeployment, string Key);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var workers = Enumerable.Range(0, Workers).Select(_ => WorkAsync(stoppingToken)).ToList();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var revision = await LoadAsync(stoppingToken);
                await Task.WhenAll(FeedAsync(revision, stoppingToken), ResyncAsync(stoppingToken));
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception error)
            {
                LogRestart(logger, error);
                await Task.Delay(TimeSpan.FromSeconds(2), time, stoppingToken).ContinueWith(_ => { });
            }
        }

        _queue.Writer.TryComplete();
        await Task.WhenAll(workers);
    }

    // Every Deployment and ReplicaSet at one revision, each queued; the feed continues from there.
    private async Task<long> LoadAsync(CancellationToken cancellationToken)
    {
        var revision = await store.GetRevisionAsync(cancellationToken);
        foreach (var storageKey in new[] { WorkloadStore.Deployments, WorkloadStore.ReplicaSets })
        {
            await foreach (var item in store.ListAllAsync(storageKey, revision, cancellationToken))
            {
                Route(ChangeType.Added, item);
            }
        }

        return revision;
    }

    private async Task FeedAsync(long revision, CancellationToken cancellationToken)
    {
        await foreach (var change in store.WatchAsync(new WatchRequest(null, revision), cancellationToken))
        {
            Route(change.Type, change.Object);
        }
    }

    private async Task ResyncAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(ResyncInterval, time);
        while (await timer.WaitForNextTickAsync(cancellationToken))
        {
            foreach (var key in _deployments.Keys)
            {
                Enqueue(new WorkItem(true, key));
            }

            foreach (var key in _replicaSets.Keys)
            {
                Enqueue(new WorkItem(false, key));
            }
        }
    }

    private void Route(ChangeType type, StoredObject stored)
    {
        var key = stored.Key;
        var grainKey = WorkloadKey.Of(key.Namespace, key.Name);
        switch (key.Resource)
        {
            case WorkloadStore.Deployments:
                if (type == ChangeType.Deleted)
                {
                    _deployments.TryRemove(grainKey, out _);
                }
                else
                {
                    _deployments[grainKey] = 0;
                    Enqueue(new WorkItem(true, grainKey));
                }

                break;
            case WorkloadStore.ReplicaSets:
                if (type == ChangeType.Deleted)
                {
                    _replicaSets.TryRemove(grainKey, out _);
                }
                else
                {
                    _replicaSets[grainKey] = new LabelSelector(ObjectFields.Object(stored.Object, "spec", "selector"));
                    Enqueue(new WorkItem(false, grainKey));
                }

                if (Controller(stored.Object, "Deployment") is { } deployment)
                {
                    Enqueue(new WorkItem(true, WorkloadKey.Of(key.Namespace, deployment)));
                }

                break;
            case WorkloadStore.Pods:
                RoutePod(type, stored);
                break;
        }
    }

    private void RoutePod(ChangeType type, StoredObject stored)
    {
        var ns = stored.Key.Namespace;
        if (Controller(stored.Object, "ReplicaSet") is { } owner)
        {
            Enqueue(new WorkItem(false, WorkloadKey.Of(ns, owner)));
            return;
        }

        if (type == ChangeType.Deleted || ObjectFields.ControllerUid(stored.Object) is not null)
        {
            return;
        }

        var labels = ObjectFields.StringMap(ObjectFields.Object(stored.Object, "metadata", "labels"));
        var prefix = ns + "/";
        foreach (var (key, selector) in _replicaSets)
        {
            if (key.StartsWith(prefix, StringComparison.Ordinal) && selector.Matches(labels))
            {
                Enqueue(new WorkItem(false, key));
            }
        }
    }

    private static string? Controller(JsonObject obj, string kind) =>
        (ObjectFields.Object(obj, "metadata")?["ownerReferences"] as JsonArray ?? []).OfType<JsonObject>()
            .Where(owner => ObjectFields.Bool(owner, "controller") && ObjectFields.String(owner, "kind") == kind)
            .Select(owner => ObjectFields.String(owner, "name")).FirstOrDefault();

    private void Enqueue(WorkItem item)
    {
        if (_pending.TryAdd(item, 0))
        {
            _queue.Writer.TryWrite(item);
        }
    }

    private void EnqueueAfter(WorkItem item, TimeSpan delay, CancellationToken cancellationToken) =>
        _ = Task.Delay(delay, time, cancellationToken).ContinueWith(
            _ => Enqueue(item), cancellationToken, TaskContinuationOptions.OnlyOnRanToCompletion,
            TaskScheduler.Default);

    private async Task WorkAsync(CancellationToken cancellationToken)
    {
        await foreach (var item in _queue.Reader.ReadAllAsync(CancellationToken.None))
        {
            _pending.TryRemove(item, out _);
            if (cancellationToken.IsCancellationRequested)
            {
                continue;
            }

            try
            {
                var requeue = item.IsDeployment
                    ? await grains.GetGrain<IDeploymentGrain>(item.Key).ReconcileAsync()
                    : await grains.GetGrain<IReplicaSetGrain>(item.Key).ReconcileAsync();
                _failures.TryRemove(item, out _);
                if (requeue is { } delay)
                {
                    EnqueueAfter(item, delay, cancellationToken);
                }
            }
            catch (Exception error) when (!cancellationToken.IsCancellationRequested)
            {
                var failures = _failures.AddOrUpdate(item, 1, (_, count) => count + 1);
                var backoff = TimeSpan.FromMilliseconds(
                    Math.Min(MaxBackoff.TotalMilliseconds, 100 * Math.Pow(2, Math.Min(failures, 16))));
                LogRetry(logger, item.IsDeployment ? "Deployment" : "ReplicaSet", item.Key, backoff, error.Message);
                EnqueueAfter(item, backoff, cancellationToken);
            }
            catch (Exception)
            {
                // Stopping: what is left is reconciled by the next start.
            }
        }
    }

    [LoggerMessage(EventId = 4001, Level = LogLevel.Warning, Message = "Workload dispatcher restarts its feed")]
    private static partial void LogRestart(ILogger logger, Exception error);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Information,
        Message = "{Kind} {Key} reconcile failed, retrying in {Backoff}: {Error}")]
    private static partial void LogRetry(ILogger logger, string kind, string key, TimeSpan backoff, string error);
}
