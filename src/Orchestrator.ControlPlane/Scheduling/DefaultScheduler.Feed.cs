using Orchestrator.Contracts.Nodes;
using Orchestrator.Store.Objects;

namespace Orchestrator.ControlPlane.Scheduling;

public sealed partial class DefaultScheduler
{
    // A Node object's capacity goes to its grain; a change wakes the parked pods, as they may fit now.
    private async Task ApplyNodeAsync(StoredObject node, bool deleted, CancellationToken cancellationToken)
    {
        var name = node.Key.Name;
        var known = _capacities.GetValueOrDefault(name);
        if (deleted && known is null)
        {
            return;
        }

        var capacity = deleted ? new NodeCapacity { Unschedulable = true } : NodeCapacities.Of(node.Object);
        if (!deleted && known is not null && NodeCapacities.SameAs(known, capacity))
        {
            return;
        }

        await grains.GetGrain<INodeGrain>(name).SetCapacityAsync(capacity).WaitAsync(cancellationToken);
        if (deleted)
        {
            _capacities.Remove(name);
        }
        else
        {
            _capacities[name] = capacity;
        }

        _nodes = new NodeSet(_nodes.Version + 1, _capacities.Keys.Order(StringComparer.Ordinal).ToList());
        LogNodeChanged(logger, name, deleted ? "deleted" : known is null ? "added" : "changed");
        foreach (var queue in _queues)
        {
            queue.WakeAll();
        }
    }

    // Namespace labels are kept for namespaceSelector terms of pod affinity; the shards read them as they stand.
    private void ApplyNamespace(StoredObject ns, bool deleted)
    {
        var labels = new Dictionary<string, IReadOnlyDictionary<string, string>>(
            _namespaceLabels, StringComparer.Ordinal);
        if (deleted)
        {
            labels.Remove(ns.Key.Name);
        }
        else
        {
            labels[ns.Key.Name] = JsonRead.Labels(ns.Object);
        }

        _namespaceLabels = labels;
    }

    private async Task ApplyPodAsync(StoredObject pod, bool deleted, CancellationToken cancellationToken)
    {
        var key = $"{pod.Key.Namespace}/{pod.Key.Name}";
        var uid = pod.Uid.ToString();
        var queue = _queues[ShardAssignment.ShardOf(pod.Object, _queues.Length)];
        if (deleted || NodeView.IsTerminal(pod.Object))
        {
            Drop(key, uid, queue);
            await ReleaseAsync(uid, PodBinding.NodeOf(pod.Object), cancellationToken);
            return;
        }

        if (PodBinding.NodeOf(pod.Object) is { } node)
        {
            Drop(key, uid, queue);
            await EnsureReservedAsync(pod, node, cancellationToken);
            return;
        }

        if (!PodBinding.NeedsScheduling(pod.Object))
        {
            Drop(key, uid, queue);
            return;
        }

        _pending[key] = pod;
        queue.Offer(key, Generation(pod));
    }

    private void Drop(string key, string uid, SchedulingQueue queue)
    {
        if (_pending.TryGetValue(key, out var pending) && pending.Uid.ToString() == uid)
        {
            _pending.TryRemove(new KeyValuePair<string, StoredObject>(key, pending));
        }

        queue.Forget(key);
    }

    // A pod bound by someone else (the binding subresource, spec.nodeName at create) holds its node's capacity too.
    private async Task EnsureReservedAsync(StoredObject pod, string node, CancellationToken cancellationToken)
    {
        var uid = pod.Uid.ToString();
        if (_reserved.TryGetValue(uid, out var reservedOn) && reservedOn == node)
        {
            return;
        }

        if (reservedOn is not null)
        {
            await ReleaseAsync(uid, reservedOn, cancellationToken);
        }

        // TODO: a pod bound to a node before its Node object exists is refused here and not counted when the node
        // appears; re-reserve the pods bound to a node when it is added.
        var reservation = await grains.GetGrain<INodeGrain>(node).ReserveAsync(LedgerViews.ClaimOf(pod.Object))
            .WaitAsync(cancellationToken);
        _reserved[uid] = node;
        if (!reservation.Accepted)
        {
            LogBoundBeyondCapacity(logger, pod.Key.Namespace, pod.Key.Name, node, reservation.Message);
        }
    }

    private async Task ReleaseAsync(string uid, string? node, CancellationToken cancellationToken)
    {
        if (_reserved.TryRemove(uid, out var reservedOn))
        {
            node = reservedOn;
        }

        if (node is not null)
        {
            await grains.GetGrain<INodeGrain>(node).ReleaseAsync(uid).WaitAsync(cancellationToken);
        }
    }

    // After a restart the ledgers may hold pods deleted meanwhile, or reservations of binds that never completed.
    private async Task ForgetDepartedClaimsAsync(
        IReadOnlyList<StoredObject> pods, CancellationToken cancellationToken)
    {
        var live = pods.Where(p => !NodeView.IsTerminal(p.Object))
            .ToDictionary(p => p.Uid.ToString(), p => PodBinding.NodeOf(p.Object), StringComparer.Ordinal);
        foreach (var node in _capacities.Keys.ToList())
        {
            var ledger = await grains.GetGrain<INodeGrain>(node).GetSnapshotAsync().WaitAsync(cancellationToken);
            foreach (var claim in ledger.Claims)
            {
                if (live.TryGetValue(claim.Uid, out var boundTo) && boundTo == node)
                {
                    _reserved[claim.Uid] = node;
                }
                else
                {
                    await grains.GetGrain<INodeGrain>(node).ReleaseAsync(claim.Uid).WaitAsync(cancellationToken);
                }
            }
        }
    }

    private static long Generation(StoredObject pod) =>
        JsonRead.Integer(pod.Object["metadata"], "generation") ?? 0;
}
