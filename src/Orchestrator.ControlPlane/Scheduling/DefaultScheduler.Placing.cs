using System.Text.Json.Nodes;
using Orchestrator.Api.Lifecycle;
using Orchestrator.Store.Errors;
using Orchestrator.Store.Objects;

namespace Orchestrator.ControlPlane.Scheduling;

public sealed partial class DefaultScheduler
{
    private const int MaxWriteAttempts = 5;
    private const string Events = "events";

    // One shard's worker: while this silo holds the shard's lease, takes its ready pods one at a time, refreshing
    // its node views when the nodes changed or the shard was just acquired (another silo placed meanwhile).
    private async Task PlaceAsync(
        SchedulerShard shard, int index, SchedulingQueue queue, CancellationToken cancellationToken)
    {
        var seenVersion = -1L;
        while (true)
        {
            if (await leases.WaitUntilHeldAsync(index, cancellationToken))
            {
                seenVersion = -1;
            }

            var key = await queue.TakeAsync(cancellationToken);
            if (!_pending.TryGetValue(key, out var pod) || !PodBinding.NeedsScheduling(pod.Object))
            {
                continue;
            }

            if (!leases.Holds(index))
            {
                queue.Offer(key, Generation(pod));
                continue;
            }

            try
            {
                var nodes = _nodes;
                if (nodes.Version != seenVersion)
                {
                    shard.SetNodes(nodes.Names);
                    await shard.RefreshAsync(cancellationToken);
                    seenVersion = nodes.Version;
                }

                await PlaceOneAsync(shard, queue, key, pod, cancellationToken);
            }
            catch (Exception error) when (!cancellationToken.IsCancellationRequested)
            {
                LogRetry(logger, pod.Key.Namespace, pod.Key.Name, error.Message);
                queue.Park(key, Generation(pod), time.GetUtcNow(), options);
            }
        }
    }

    private async Task PlaceOneAsync(
        SchedulerShard shard, SchedulingQueue queue, string key, StoredObject pod, CancellationToken cancellationToken)
    {
        var placement = await shard.PlaceAsync(pod.Object, cancellationToken);
        if (placement.Node is not { } node)
        {
            // Parked first, so the status write coming back through the feed does not queue the pod again.
            queue.Park(key, Generation(pod), time.GetUtcNow(), options);
            var message = placement.FailureMessage ?? "no node could take the pod";
            LogUnschedulable(logger, pod.Key.Namespace, pod.Key.Name, message);
            await MarkUnschedulableAsync(pod, message, cancellationToken);
            return;
        }

        _reserved[placement.PodUid] = node;
        if (await BindAsync(pod, node, cancellationToken) is { } bound)
        {
            queue.Forget(key);
            LogScheduled(logger, pod.Key.Namespace, pod.Key.Name, node);
            await RecordEventAsync(bound.Object, "Normal", SchedulerEvents.Scheduled,
                SchedulerEvents.ScheduledMessage(pod.Key.Namespace, pod.Key.Name, node), cancellationToken);
        }
    }

    // As pods/{name}/binding does, guarded by the revision read: null when the pod went, was replaced, bound
    // elsewhere or marked for deletion meanwhile, and then the reservation is given back.
    private async Task<StoredObject?> BindAsync(StoredObject pod, string node, CancellationToken cancellationToken)
    {
        var uid = pod.Uid;
        StoredObject? current = pod;
        for (var attempt = 1; attempt <= MaxWriteAttempts; attempt++)
        {
            var updated = current.ToJsonObject();
            if (current.Uid != uid || !PodBinding.Bind(updated, node, Now()))
            {
                break;
            }

            try
            {
                return await store.UpdateAsync(current, updated, cancellationToken);
            }
            catch (ObjectConflictException)
            {
                current = await store.GetAsync(current.Key, cancellationToken);
            }
            catch (ObjectNotFoundException)
            {
                current = null;
            }

            if (current is null)
            {
                break;
            }
        }

        if (current is not null && current.Uid == uid && PodBinding.NodeOf(current.Object) == node)
        {
            return null;
        }

        await ReleaseAsync(uid.ToString(), node, cancellationToken);
        if (current is not null && current.Uid == uid && PodBinding.NeedsScheduling(current.Object))
        {
            throw new InvalidOperationException($"the pod changed {MaxWriteAttempts} times while being bound");
        }

        return null;
    }

    private async Task MarkUnschedulableAsync(StoredObject pod, string message, CancellationToken cancellationToken)
    {
        StoredObject? current = pod;
        for (var attempt = 1; attempt <= MaxWriteAttempts && current is not null; attempt++)
        {
            var updated = current.ToJsonObject();
            if (current.Uid != pod.Uid || !PodBinding.NeedsScheduling(updated)
                || !PodBinding.MarkUnschedulable(updated, message, Now()))
            {
                break;
            }

            try
            {
                await store.UpdateAsync(current, updated, cancellationToken);
                break;
            }
            catch (ObjectConflictException)
            {
                current = await store.GetAsync(current.Key, cancellationToken);
            }
            catch (ObjectNotFoundException)
            {
                return;
            }
        }

        await RecordEventAsync(pod.Object, "Warning", SchedulerEvents.FailedScheduling, message, cancellationToken);
    }

    // The same event recorded again is counted on the event already there, as kube's event recorder does.
    private async Task RecordEventAsync(
        JsonObject pod, string type, string reason, string message, CancellationToken cancellationToken)
    {
        var fresh = SchedulerEvents.New(pod, type, reason, message, Now());
        var key = new ObjectKey(Events, JsonRead.Namespace(pod), JsonRead.Name(fresh));
        for (var attempt = 1; attempt <= MaxWriteAttempts; attempt++)
        {
            var recorded = await store.GetAsync(key, cancellationToken);
            try
            {
                if (recorded is null)
                {
                    await store.CreateAsync(key, fresh, cancellationToken);
                    return;
                }

                var repeated = recorded.ToJsonObject();
                SchedulerEvents.Repeat(repeated, Now());
                await store.UpdateAsync(recorded, repeated, cancellationToken);
                return;
            }
            catch (StoreException error) when (error is ObjectAlreadyExistsException or ObjectConflictException
                or ObjectNotFoundException)
            {
                // Recorded or counted by someone else meanwhile: read it again.
            }
        }
    }

    private string Now() => ObjectMetadata.Timestamp(time.GetUtcNow());
}
