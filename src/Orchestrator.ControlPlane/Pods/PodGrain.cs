using Orchestrator.Contracts.Nodes;
using Orchestrator.Contracts.Pods;
using Orchestrator.ControlPlane.Scheduling;
using Orchestrator.ControlPlane.Workloads;
using Orchestrator.Store;
using Orchestrator.Store.Errors;
using Orchestrator.Store.Objects;

namespace Orchestrator.ControlPlane.Pods;

/// <summary>
/// Keeps one pod in order: loads it from the store; when it is gone or replaced releases the reservation the
/// caller last saw it hold; when it has finished releases its reservation on its node; otherwise writes the
/// conditions <see cref="PodConditions.Next"/> derives when they differ. Holds no state and deactivates after each
/// call, so a region of many pods keeps only the grains with work in memory.
/// </summary>
// TODO: pods of a node lost past the eviction timeout are still deleted by NodeLifecycleController; moving that here
// needs the feed to wake a node's pods when the node changes (an index of pods by node in PodDispatcher).
public sealed partial class PodGrain(IObjectStore store, IGrainFactory grains, TimeProvider time,
    ILogger<PodGrain> logger) : Grain, IPodGrain
{
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

    [LoggerMessage(EventId = 3201, Level = LogLevel.Debug,
        Message = "Released the reservation of pod {Namespace}/{Name} on node {Node}: {Why}")]
    private static partial void LogReleased(ILogger logger, string @namespace, string name, string node, string why);

    [LoggerMessage(EventId = 3202, Level = LogLevel.Debug, Message = "Wrote the conditions of pod {Namespace}/{Name}")]
    private static partial void LogConditionsWritten(ILogger logger, string @namespace, string name);
}
