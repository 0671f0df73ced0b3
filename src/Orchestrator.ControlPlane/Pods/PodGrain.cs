using Orchestrator.Api.Lifecycle;
using Orchestrator.Api.Resources;
using Orchestrator.Api.Server;
using Orchestrator.Contracts.Nodes;
using Orchestrator.Contracts.Pods;
using Orchestrator.ControlPlane.Nodes;
using Orchestrator.ControlPlane.Scheduling;
using Orchestrator.ControlPlane.Workloads;
using Orchestrator.Store;
using Orchestrator.Store.Errors;
using Orchestrator.Store.Objects;

namespace Orchestrator.ControlPlane.Pods;

/// <summary>
/// Keeps one pod in order: loads it from the store; when it is gone or replaced releases the reservation the
/// caller last saw it hold; when it has finished releases its reservation on its node; when its node has been lost
/// (Ready False or Unknown) past the eviction timeout deletes it through <see cref="ObjectLifecycle"/> unless it
/// tolerates that for good, and until then asks to be called again when the timeout ends; otherwise writes the
/// conditions <see cref="PodConditions.Next"/> derives when they differ. Holds no state and deactivates after each
/// call, so a region of many pods keeps only the grains with work in memory.
/// </summary>
public sealed partial class PodGrain(IObjectStore store, ObjectLifecycle lifecycle, IGrainFactory grains,
    NodeLifecycleOptions nodeLifecycle, TimeProvider time, ILogger<PodGrain> logger) : Grain, IPodGrain
{
    private static readonly ResourceDefinition PodResource =
        ResourceCatalog.Default.Find("", "v1", "pods") ?? throw new InvalidOperationException("pods not served");

    public async Task<TimeSpan?> ReconcileAsync(string? lastSeenUid, string? lastSeenNode)
    {
        DeactivateOnIdle();
        var (ns, name) = WorkloadKey.Parse(this.GetPrimaryKeyString());
        var stored = await store.GetAsync(new ObjectKey(WorkloadStore.Pods, ns, name), CancellationToken.None);
        if (lastSeenUid is not null && lastSeenNode is not null && stored?.Uid.ToString() != lastSeenUid)
        {
            await grains.GetGrain<INodeGrain>(lastSeenNode).ReleaseAsync(lastSeenUid);
            LogReleased(logger, ns, name, lastSeenNode, "gone");
        }

        if (stored is null)
        {
            return null;
        }

        var node = PodBinding.NodeOf(stored.Object);
        if (NodeView.IsTerminal(stored.Object))
        {
            if (node is not null)
            {
                await grains.GetGrain<INodeGrain>(node).ReleaseAsync(stored.Uid.ToString());
                LogReleased(logger, ns, name, node, "finished");
            }

            return null;
        }

        if (node is not null && !ObjectMetadata.IsDeleting(stored.Object) &&
            await EvictionDueInAsync(stored, node) is { } due)
        {
            if (due > TimeSpan.Zero)
            {
                return due;
            }

            await EvictAsync(stored, node);
            return null;
        }

        if (PodConditions.Next(stored.Object, time.GetUtcNow()) is not { } conditions)
        {
            return null;
        }

        var updated = stored.ToJsonObject();
        updated["status"]!["conditions"] = conditions;
        try
        {
            await store.UpdateAsync(stored, updated, CancellationToken.None);
            LogConditionsWritten(logger, ns, name);
        }
        catch (StoreException error) when (error is ObjectConflictException or ObjectNotFoundException)
        {
            // Changed or gone meanwhile: the change feed brings the next version.
        }

        return null;
    }

    // How long until the pod goes from its lost node, or null when the node is not lost or the pod stays anyway.
    private async Task<TimeSpan?> EvictionDueInAsync(StoredObject pod, string node)
    {
        var stored = await store.GetAsync(new ObjectKey("nodes", "", node), CancellationToken.None);
        if (stored is null || NodeHealth.LostTaintKey(stored.Object) is not { } taint ||
            NodeHealth.ToleratesForever(pod.Object, taint))
        {
            return null;
        }

        return NodeHealth.EvictionDueIn(stored.Object, time.GetUtcNow(), nodeLifecycle.EvictionTimeout);
    }

    private async Task EvictAsync(StoredObject pod, string node)
    {
        var options = new DeletionOptions { GracePeriodSeconds = 0, PreconditionUid = pod.Uid.ToString() };
        try
        {
            await lifecycle.DeleteAsync(PodResource, pod.Key, options, CancellationToken.None);
            LogEvicted(logger, pod.Key.Namespace, pod.Key.Name, node);
        }
        catch (ApiException error) when (error.Code is 404 or 409)
        {
            // Gone or replaced meanwhile: nothing left to evict.
        }
    }

    [LoggerMessage(EventId = 3205, Level = LogLevel.Information,
        Message = "Deleted pod {Namespace}/{Name} of lost node {Node}")]
    private static partial void LogEvicted(ILogger logger, string @namespace, string name, string node);

    [LoggerMessage(EventId = 3201, Level = LogLevel.Debug,
        Message = "Released the reservation of pod {Namespace}/{Name} on node {Node}: {Why}")]
    private static partial void LogReleased(ILogger logger, string @namespace, string name, string node, string why);

    [LoggerMessage(EventId = 3202, Level = LogLevel.Debug, Message = "Wrote the conditions of pod {Namespace}/{Name}")]
    private static partial void LogConditionsWritten(ILogger logger, string @namespace, string name);
}
