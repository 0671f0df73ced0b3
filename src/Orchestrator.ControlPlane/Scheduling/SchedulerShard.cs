using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Orchestrator.Contracts.Nodes;

namespace Orchestrator.ControlPlane.Scheduling;

/// <summary>
/// One scheduler among several working in parallel on disjoint pods. It keeps a cached view of every node's ledger,
/// ranks the nodes for a pod with <see cref="PodScheduler.Schedule(JsonObject, ClusterSnapshot)"/>, and asks the
/// best node's grain to reserve the pod. The cache may be stale (other shards reserve too): a node that refuses
/// answers with its current ledger, the shard refreshes that node and tries the next one. The node grains enforce
/// capacity, so the cache only steers; it never decides.
/// </summary>
public sealed class SchedulerShard
{
    private readonly IGrainFactory _grains;
    private readonly Func<IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>>>? _namespaceLabels;
    private IReadOnlyList<string> _nodeNames;
    private readonly ConcurrentDictionary<string, NodeView> _views = new(StringComparer.Ordinal);

    /// <summary>
    /// A shard placing pods on the named nodes; call <see cref="RefreshAsync"/> before placing.
    /// <paramref name="namespaceLabels"/> gives the labels of namespaces as they stand (for namespaceSelector
    /// terms of pod affinity); without it every namespace reads as unlabelled.
    /// </summary>
    public SchedulerShard(
        IGrainFactory grains, IEnumerable<string> nodeNames,
        Func<IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>>>? namespaceLabels = null)
    {
        _grains = grains;
        _namespaceLabels = namespaceLabels;
        _nodeNames = nodeNames.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
    }

    /// <summary>
    /// Replaces the nodes the shard places pods on (nodes were added or deleted); the cached views of nodes no
    /// longer named are dropped. Call <see cref="RefreshAsync"/> afterwards to read the new ones.
    /// </summary>
    public void SetNodes(IEnumerable<string> nodeNames)
    {
        var names = nodeNames.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        _nodeNames = names;
        foreach (var gone in _views.Keys.Except(names, StringComparer.Ordinal).ToList())
        {
            _views.TryRemove(gone, out _);
        }
    }

    /// <summary>Reads every node's ledger into the cache, all nodes at once.</summary>
    public async Task RefreshAsync(CancellationToken cancellationToken = default)
    {
        var snapshots = await Task.WhenAll(_nodeNames.Select(name => SnapshotOf(name).WaitAsync(cancellationToken)));
        foreach (var snapshot in snapshots)
        {
            Remember(snapshot);
        }
    }

    /// <summary>
    /// Places a pod (Kubernetes JSON with metadata.uid): ranks the cached nodes, reserves on the best, falls back
    /// to the next on refusal. When no node is feasible in a view that other shards may have made stale, the
    /// cache is refreshed once and the pod ranked again; if still no node fits, the answer carries the
    /// FailedScheduling message and nothing is reserved.
    /// </summary>
    public async Task<ShardPlacement> PlaceAsync(JsonObject pod, CancellationToken cancellationToken = default)
    {
        var claim = LedgerViews.ClaimOf(pod);
        var refusals = 0;
        var refreshed = false;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var decision = PodScheduler.Schedule(pod, Cluster());
            if (!decision.Scheduled)
            {
                if (refreshed)
                {
                    return new ShardPlacement(claim.Uid, null, decision.FailureMessage, refusals);
                }

                await RefreshAsync(cancellationToken);
                refreshed = true;
                continue;
            }

            foreach (var candidate in decision.Ranked)
            {
                var reservation = await _grains.GetGrain<INodeGrain>(candidate.Name).ReserveAsync(claim)
                    .WaitAsync(cancellationToken);
                Remember(reservation.Snapshot);
                if (reservation.Accepted)
                {
                    return new ShardPlacement(claim.Uid, candidate.Name, null, refusals);
                }

                refusals++;
            }
        }
    }

    /// <summary>The cached view of a node, or null when it has not been read.</summary>
    public NodeView? CachedView(string nodeName) => _views.GetValueOrDefault(nodeName);

    private ClusterSnapshot Cluster()
    {
        var nodes = _nodeNames.Select(name => _views.GetValueOrDefault(name)).OfType<NodeView>().ToList();
        return new ClusterSnapshot(nodes, nodes.SelectMany(n => n.Pods).ToList(), _namespaceLabels?.Invoke());
    }

    private Task<NodeSnapshot> SnapshotOf(string nodeName) => _grains.GetGrain<INodeGrain>(nodeName).GetSnapshotAsync();

    private void Remember(NodeSnapshot snapshot) => _views[snapshot.Name] = LedgerViews.ToNodeView(snapshot);
}
