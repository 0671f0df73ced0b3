using System.Collections.Concurrent;
using System.Threading.Channels;
using Orchestrator.Store;
using Orchestrator.Store.Objects;

namespace Orchestrator.ControlPlane.Scheduling;

/// <summary>
/// The default-scheduler: binds every pod that has no node, asks for default-scheduler (or no scheduler) and is
/// not being deleted to a node that fits it, as kube-scheduler does. Level-driven over the store's change feed,
/// like the garbage collector: load nodes, pods and namespaces (whose labels namespaceSelector terms of pod
/// affinity match), then follow the feed from that revision. Node objects are
/// mirrored into their Node grains' capacity; pods are spread over <see cref="SchedulerOptions.Shards"/> shards
/// by a stable hash of namespace/name (of namespace alone for pods whose placement depends on other pods, see
/// <see cref="ShardAssignment"/>), and each shard places its pods with <see cref="SchedulerShard"/>, whose
/// reservation on the node grain keeps shards (and silos) from overcommitting a node. A pod no node can take is
/// marked PodScheduled=False/Unschedulable with a FailedScheduling event and tried again when a node changes or
/// after a back-off. A deleted or finished pod's reservation is released.
/// </summary>
/// <remarks>
/// Each shard runs in one silo at a time: the silo holding the shard's lease (<see cref="SchedulerShardLeases"/>).
/// Every silo follows the feed (node capacities, reservations of pods bound by others, its queues), but only the
/// holder takes pods from a shard's queue, so silos do not race for the same pods; a silo that dies has its shards
/// taken over by another within the lease duration, whose queues already hold the shards' pods.
/// </remarks>
public sealed partial class DefaultScheduler(
    IObjectStore store, IGrainFactory grains, SchedulerOptions options, SchedulerShardLeases leases,
    TimeProvider time, ILogger<DefaultScheduler> logger) : BackgroundService
{
    private const string Pods = "pods";
    private const string Nodes = "nodes";
    private const string Namespaces = "namespaces";
    private static readonly TimeSpan TickInterval = TimeSpan.FromSeconds(1);

    private readonly Dictionary<string, Contracts.Nodes.NodeCapacity> _capacities = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, StoredObject> _pending = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _reserved = new(StringComparer.Ordinal);
    private Channel<ObjectChange?> _changes = Channel.CreateUnbounded<ObjectChange?>();
    private SchedulingQueue[] _queues = [];
    private NodeSet _nodes = new(0, []);
    private IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> _namespaceLabels =
        new Dictionary<string, IReadOnlyDictionary<string, string>>();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        options.Validate();
        LogStarting(logger, options.Shards);
        while (!stoppingToken.IsCancellationRequested)
        {
            using var run = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            try
            {
                Reset();
                var revision = await LoadAsync(run.Token);
                var tasks = new List<Task>
                {
                    Guard(FeedAsync(Nodes, revision, run.Token), run),
                    Guard(FeedAsync(Pods, revision, run.Token), run),
                    Guard(FeedAsync(Namespaces, revision, run.Token), run),
                    Guard(leases.RunAsync(run.Token), run),
                    Guard(TickAsync(run.Token), run),
                    Guard(ProcessAsync(run.Token), run),
                };
                tasks.AddRange(_queues.Select((queue, index) => Guard(
                    PlaceAsync(new SchedulerShard(grains, _nodes.Names, () => _namespaceLabels), index, queue,
                        run.Token),
                    run)));
                await Task.WhenAll(tasks);
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

    /// <summary>Stops placing, then gives up the shard leases so another silo takes the shards at once.</summary>
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        await leases.ReleaseAsync(cancellationToken);
    }

    // When one part of a run ends, the others stop too, so the run restarts from a fresh load.
    private static async Task Guard(Task part, CancellationTokenSource run)
    {
        try
        {
            await part;
        }
        finally
        {
            await run.CancelAsync();
        }
    }

    private void Reset()
    {
        _capacities.Clear();
        _pending.Clear();
        _reserved.Clear();
        _changes = Channel.CreateUnbounded<ObjectChange?>();
        _queues = Enumerable.Range(0, options.Shards).Select(_ => new SchedulingQueue()).ToArray();
        _nodes = new NodeSet(0, []);
        _namespaceLabels = new Dictionary<string, IReadOnlyDictionary<string, string>>();
    }

    private async Task<long> LoadAsync(CancellationToken cancellationToken)
    {
        var revision = await store.GetRevisionAsync(cancellationToken);
        var nodes = await ListAsync(Nodes, revision, cancellationToken);
        var pods = await ListAsync(Pods, revision, cancellationToken);
        foreach (var ns in await ListAsync(Namespaces, revision, cancellationToken))
        {
            ApplyNamespace(ns, deleted: false);
        }

        foreach (var node in nodes)
        {
            await ApplyNodeAsync(node, deleted: false, cancellationToken);
        }

        await ForgetDepartedClaimsAsync(pods, cancellationToken);
        foreach (var pod in pods)
        {
            await ApplyPodAsync(pod, deleted: false, cancellationToken);
        }

        LogLoaded(logger, nodes.Count, pods.Count, revision);
        return revision;
    }

    private async Task<List<StoredObject>> ListAsync(
        string resource, long revision, CancellationToken cancellationToken)
    {
        var items = new List<StoredObject>();
        var request = new ListRequest(resource) { Limit = 1000, Revision = revision, Match = RevisionMatch.Exact };
        while (true)
        {
            var page = await store.ListAsync(request, cancellationToken);
            items.AddRange(page.Items);
            if (page.Continue is null)
            {
                return items;
            }

            request = request with { Continue = page.Continue, Revision = 0, Match = RevisionMatch.Latest };
        }
    }

    private async Task FeedAsync(string resource, long revision, CancellationToken cancellationToken)
    {
        await foreach (var change in store.WatchAsync(new WatchRequest(resource, revision), cancellationToken))
        {
            await _changes.Writer.WriteAsync(change, cancellationToken);
        }
    }

    private async Task TickAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(TickInterval, time);
        while (await timer.WaitForNextTickAsync(cancellationToken))
        {
            await _changes.Writer.WriteAsync(null, cancellationToken);
        }
    }

    // The one reader of the feed: keeps node grains and the pending pods current; the shards do the placing.
    private async Task ProcessAsync(CancellationToken cancellationToken)
    {
        while (await _changes.Reader.WaitToReadAsync(cancellationToken))
        {
            while (_changes.Reader.TryRead(out var change))
            {
                if (change is null)
                {
                    var now = time.GetUtcNow();
                    foreach (var queue in _queues)
                    {
                        queue.WakeDue(now);
                    }
                }
                else if (change.Object.Key.Resource == Namespaces)
                {
                    ApplyNamespace(change.Object, change.Type == ChangeType.Deleted);
                }
                else if (change.Object.Key.Resource == Nodes)
                {
                    await ApplyNodeAsync(change.Object, change.Type == ChangeType.Deleted, cancellationToken);
                }
                else
                {
                    await ApplyPodAsync(change.Object, change.Type == ChangeType.Deleted, cancellationToken);
                }
            }
        }
    }

    /// <summary>The nodes the shards place pods on; the version moves whenever a node's capacity changed.</summary>
    private sealed record NodeSet(long Version, IReadOnlyList<string> Names);
}
