using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Orchestrator.Api.Lifecycle;
using Orchestrator.Api.Policy;
using Orchestrator.Store;
using Orchestrator.Store.Errors;
using Orchestrator.Store.Objects;

namespace Orchestrator.ControlPlane.Disruption;

/// <summary>
/// Keeps the status of every policy/v1 PodDisruptionBudget as Kubernetes' disruption controller does: expected,
/// healthy and desired pods, the disruptions allowed, the DisruptionAllowed condition and the evictions still
/// pending in <c>disruptedPods</c>. Level-driven over the store's change feed: a budget's change queues it, a pod's
/// change queues the budgets of its namespace that select it, a Deployment's or ReplicaSet's change (its scale)
/// queues every budget of its namespace; every budget is queued at start, on each resync and when a pending
/// eviction expires. Failures are retried with backoff. Each control-plane silo runs one; status writes are
/// compare-and-swap, so two never undo each other.
/// </summary>
public sealed partial class DisruptionController(
    IObjectStore store, TimeProvider time, ILogger<DisruptionController> logger) : BackgroundService
{
    private static readonly TimeSpan ResyncInterval = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(30);

    private readonly DisruptionBudgetReader _reader = new(store);
    private readonly Channel<ObjectKey> _queue = Channel.CreateUnbounded<ObjectKey>();
    private readonly ConcurrentDictionary<ObjectKey, byte> _pending = new();
    private readonly ConcurrentDictionary<ObjectKey, int> _failures = new();
    private readonly ConcurrentDictionary<ObjectKey, PodLabelSelector> _budgets = new();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var worker = WorkAsync(stoppingToken);
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
        await worker;
    }

    // Every budget at one revision, each queued; the feed continues from there.
    private async Task<long> LoadAsync(CancellationToken cancellationToken)
    {
        var revision = await store.GetRevisionAsync(cancellationToken);
        var request = new ListRequest(DisruptionBudgetReader.BudgetsKey)
        {
            Limit = 1000,
            Revision = revision,
            Match = RevisionMatch.Exact,
        };
        _budgets.Clear();
        while (true)
        {
            var page = await store.ListAsync(request, cancellationToken);
            foreach (var item in page.Items)
            {
                Route(ChangeType.Added, item);
            }

            if (page.Continue is null)
            {
                return revision;
            }

            request = request with { Continue = page.Continue, Revision = 0, Match = RevisionMatch.Latest };
        }
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
            foreach (var key in _budgets.Keys)
            {
                Enqueue(key);
            }
        }
    }

    private void Route(ChangeType type, StoredObject stored)
    {
        var key = stored.Key;
        switch (key.Resource)
        {
            case DisruptionBudgetReader.BudgetsKey when type == ChangeType.Deleted:
                _budgets.TryRemove(key, out _);
                break;
            case DisruptionBudgetReader.BudgetsKey:
                _budgets[key] = new PodLabelSelector(stored.Object["spec"]?["selector"] as JsonObject);
                Enqueue(key);
                break;
            case "pods":
                EnqueueNamespace(key.Namespace, selector => selector.Matches(stored.Object));
                break;
            case "apps/replicasets" or "apps/deployments":
                EnqueueNamespace(key.Namespace, _ => true);
                break;
        }
    }

    private void EnqueueNamespace(string ns, Func<PodLabelSelector, bool> selects)
    {
        foreach (var (key, selector) in _budgets)
        {
            if (key.Namespace == ns && selects(selector))
            {
                Enqueue(key);
            }
        }
    }

    private void Enqueue(ObjectKey key)
    {
        if (_pending.TryAdd(key, 0))
        {
            _queue.Writer.TryWrite(key);
        }
    }

    private void EnqueueAfter(ObjectKey key, TimeSpan delay, CancellationToken cancellationToken) =>
        _ = Task.Delay(delay, time, cancellationToken).ContinueWith(
            _ => Enqueue(key), cancellationToken, TaskContinuationOptions.OnlyOnRanToCompletion,
            TaskScheduler.Default);

    private async Task WorkAsync(CancellationToken cancellationToken)
    {
        await foreach (var key in _queue.Reader.ReadAllAsync(CancellationToken.None))
        {
            _pending.TryRemove(key, out _);
            if (cancellationToken.IsCancellationRequested)
            {
                continue;
            }

            try
            {
                var recheck = await ReconcileAsync(key, cancellationToken);
                _failures.TryRemove(key, out _);
                if (recheck is { } delay)
                {
                    EnqueueAfter(key, delay, cancellationToken);
                }
            }
            catch (ObjectConflictException)
            {
                // An eviction wrote the budget meanwhile: count again from its version.
                Enqueue(key);
            }
            catch (Exception error) when (!cancellationToken.IsCancellationRequested)
            {
                var failures = _failures.AddOrUpdate(key, 1, (_, count) => count + 1);
                var backoff = TimeSpan.FromMilliseconds(
                    Math.Min(MaxBackoff.TotalMilliseconds, 100 * Math.Pow(2, Math.Min(failures, 16))));
                LogRetry(logger, key.Namespace, key.Name, backoff, error.Message);
                EnqueueAfter(key, backoff, cancellationToken);
            }
            catch (Exception)
            {
                // Stopping: the next start counts every budget again.
            }
        }
    }

    // Load, stop if gone, compute from the live pods, write the status if it changed. Returns when to look again
    // because a pending eviction expires.
    private async Task<TimeSpan?> ReconcileAsync(ObjectKey key, CancellationToken cancellationToken)
    {
        var current = await store.GetAsync(key, cancellationToken);
        if (current is null || ObjectMetadata.IsDeleting(current.Object))
        {
            return null;
        }

        var pods = (await _reader.ListPodsAsync(key.Namespace, cancellationToken)).Select(p => p.Object).ToList();
        var now = time.GetUtcNow();
        var computed = await _reader.ComputeAsync(current.Object, pods, now, cancellationToken);
        var status = DisruptionBudget.StatusOf(current.Object, computed, now);
        if (!JsonNode.DeepEquals(status, current.Object["status"]))
        {
            var updated = current.ToJsonObject();
            updated["status"] = status;
            await store.UpdateAsync(current, updated, cancellationToken);
            LogUpdated(logger, key.Namespace, key.Name, computed.DisruptionsAllowed, computed.CurrentHealthy,
                computed.DesiredHealthy, computed.ExpectedPods);
        }

        return computed.RecheckAt is { } at ? at - now + TimeSpan.FromSeconds(1) : null;
    }

    [LoggerMessage(EventId = 4601, Level = LogLevel.Warning, Message = "Disruption controller restarts its feed")]
    private static partial void LogRestart(ILogger logger, Exception error);

    [LoggerMessage(EventId = 4602, Level = LogLevel.Information,
        Message = "PodDisruptionBudget {Namespace}/{Name} status failed, retrying in {Backoff}: {Error}")]
    private static partial void LogRetry(
        ILogger logger, string @namespace, string name, TimeSpan backoff, string error);

    [LoggerMessage(EventId = 4603, Level = LogLevel.Debug,
        Message = "PodDisruptionBudget {Namespace}/{Name} allows {Allowed} disruptions " +
            "({Healthy} healthy, {Desired} desired, {Expected} expected)")]
    private static partial void LogUpdated(
        ILogger logger, string @namespace, string name, int allowed, int healthy, int desired, int expected);
}
