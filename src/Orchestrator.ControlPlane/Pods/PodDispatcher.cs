using System.Collections.Concurrent;
using System.Threading.Channels;
using Orchestrator.Contracts.Pods;
using Orchestrator.ControlPlane.Nodes;
using Orchestrator.ControlPlane.Scheduling;
using Orchestrator.ControlPlane.Workloads;
using Orchestrator.Store;
using Orchestrator.Store.Objects;

namespace Orchestrator.ControlPlane.Pods;

/// <summary>
/// Wakes the <see cref="IPodGrain"/> of each pod that has something to do, from the store's change feed: a bound
/// pod deleted (its reservation goes), a finished pod, a pod whose conditions lag its container statuses, or every
/// pod of a node whose Ready condition turned False or Unknown (their eviction); it keeps which pods each node holds
/// for that.
/// Pods with nothing to do activate no grain, which matters with tens of thousands of pods. Pending calls are
/// coalesced per pod and a failure is retried with backoff. At start the pods are listed once, so a change missed
/// while no silo ran is still handled. Each control-plane silo runs one; the grains serialize what they receive.
/// </summary>
public sealed partial class PodDispatcher(
    IObjectStore store, IGrainFactory grains, TimeProvider time, ILogger<PodDispatcher> logger) : BackgroundService
{
    private const int Workers = 4;
    private const string Nodes = "nodes";
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(30);

    private readonly Channel<string> _queue = Channel.CreateUnbounded<string>();
    private readonly ConcurrentDictionary<string, LastSeen> _pending = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _failures = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, byte>> _podsByNode =
        new(StringComparer.Ordinal);

    private readonly record struct LastSeen(string? Uid, string? Node);

    /// <summary>Whether the pod's grain has work: it finished on a node, or its conditions lag its statuses.</summary>
    public static bool NeedsReconcile(StoredObject pod, DateTimeOffset now) =>
        NodeView.IsTerminal(pod.Object)
            ? PodBinding.NodeOf(pod.Object) is not null
            : PodConditions.Next(pod.Object, now) is not null;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var workers = Enumerable.Range(0, Workers).Select(_ => WorkAsync(stoppingToken)).ToList();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var revision = await LoadAsync(stoppingToken);
                await foreach (var change in store.WatchAsync(new WatchRequest(null, revision), stoppingToken))
                {
                    Route(change.Type, change.Object);
                }
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

    // The pods (indexed by node) and then the nodes, at one revision; the feed continues from there.
    private async Task<long> LoadAsync(CancellationToken cancellationToken)
    {
        _podsByNode.Clear();
        var revision = await store.GetRevisionAsync(cancellationToken);
        foreach (var storageKey in new[] { WorkloadStore.Pods, Nodes })
        {
            await foreach (var item in store.ListAllAsync(storageKey, revision, cancellationToken))
            {
                Route(ChangeType.Added, item);
            }
        }

        return revision;
    }

    private void Route(ChangeType type, StoredObject stored)
    {
        if (stored.Key.Resource == WorkloadStore.Pods)
        {
            RoutePod(type, stored);
        }
        else if (stored.Key.Resource == Nodes && type != ChangeType.Deleted &&
            NodeHealth.LostTaintKey(stored.Object) is not null &&
            _podsByNode.TryGetValue(stored.Key.Name, out var pods))
        {
            foreach (var key in pods.Keys)
            {
                Enqueue(key, default);
            }
        }
    }

    private void RoutePod(ChangeType type, StoredObject pod)
    {
        var key = WorkloadKey.Of(pod.Key.Namespace, pod.Key.Name);
        var node = PodBinding.NodeOf(pod.Object);
        if (node is not null)
        {
            var pods = _podsByNode.GetOrAdd(node, _ => new ConcurrentDictionary<string, byte>(StringComparer.Ordinal));
            if (type == ChangeType.Deleted || NodeView.IsTerminal(pod.Object))
            {
                pods.TryRemove(key, out _);
            }
            else
            {
                pods[key] = 0;
            }
        }

        if (type == ChangeType.Deleted)
        {
            if (node is not null)
            {
                Enqueue(key, new LastSeen(pod.Uid.ToString(), node));
            }

            return;
        }

        if (NeedsReconcile(pod, time.GetUtcNow()))
        {
            Enqueue(key, default);
        }
    }

    // A pending deletion's last sight wins over a later plain wake-up, so the reservation is not forgotten.
    private void Enqueue(string key, LastSeen seen)
    {
        while (true)
        {
            if (_pending.TryAdd(key, seen))
            {
                _queue.Writer.TryWrite(key);
                return;
            }

            if (seen.Uid is null ||
                (_pending.TryGetValue(key, out var pending) && _pending.TryUpdate(key, seen, pending)))
            {
                return;
            }
        }
    }

    private async Task WorkAsync(CancellationToken cancellationToken)
    {
        await foreach (var key in _queue.Reader.ReadAllAsync(CancellationToken.None))
        {
            if (!_pending.TryRemove(key, out var seen) || cancellationToken.IsCancellationRequested)
            {
                continue;
            }

            try
            {
                var requeue = await grains.GetGrain<IPodGrain>(key).ReconcileAsync(seen.Uid, seen.Node);
                _failures.TryRemove(key, out _);
                if (requeue is { } delay)
                {
                    EnqueueAfter(key, seen, delay, cancellationToken);
                }
            }
            catch (Exception error) when (!cancellationToken.IsCancellationRequested)
            {
                var failures = _failures.AddOrUpdate(key, 1, (_, count) => count + 1);
                var backoff = TimeSpan.FromMilliseconds(
                    Math.Min(MaxBackoff.TotalMilliseconds, 100 * Math.Pow(2, Math.Min(failures, 16))));
                LogRetry(logger, key, backoff, error.Message);
                EnqueueAfter(key, seen, backoff, cancellationToken);
            }
            catch (Exception)
            {
                // Stopping: what is left is handled from the list at the next start.
            }
        }
    }

    private void EnqueueAfter(string key, LastSeen seen, TimeSpan delay, CancellationToken cancellationToken) =>
        _ = Task.Delay(delay, time, cancellationToken).ContinueWith(
            _ => Enqueue(key, seen), cancellationToken, TaskContinuationOptions.OnlyOnRanToCompletion,
            TaskScheduler.Default);

    [LoggerMessage(EventId = 3203, Level = LogLevel.Warning, Message = "Pod dispatcher restarts its feed")]
    private static partial void LogRestart(ILogger logger, Exception error);

    [LoggerMessage(EventId = 3204, Level = LogLevel.Information,
        Message = "Pod {Key} reconcile failed, retrying in {Backoff}: {Error}")]
    private static partial void LogRetry(ILogger logger, string key, TimeSpan backoff, string error);
}
