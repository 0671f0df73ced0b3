using System.Text.Json.Nodes;
using Orchestrator.Api.Lifecycle;
using Orchestrator.Api.Server;
using Orchestrator.Contracts.Workloads;
using Orchestrator.Store.Errors;
using Orchestrator.Store.Objects;

namespace Orchestrator.ControlPlane.Workloads;

/// <summary>
/// Reconciles one ReplicaSet: loads it and the pods of its namespace from the store, lets
/// <see cref="ReplicaSetPlan.Compute"/> decide, then adopts and releases pods, creates and deletes pods, and writes
/// the status when it changed. Everything is derived from the store on each call and calls are serialized, so pods
/// an earlier call created are always counted and never created twice.
/// </summary>
public sealed partial class ReplicaSetGrain(
    WorkloadStore store, ObjectLifecycle lifecycle, EventRecorder events, TimeProvider time,
    ILogger<ReplicaSetGrain> logger) : Grain, IReplicaSetGrain
{
    private const string Component = "replicaset-controller";
    private const int MaxAttempts = 5;
    private static readonly string[] CountsOmittedWhenZero =
        ["fullyLabeledReplicas", "readyReplicas", "availableReplicas"];

    public async Task<TimeSpan?> ReconcileAsync()
    {
        var (ns, name) = WorkloadKey.Parse(this.GetPrimaryKeyString());
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await SyncAsync(ns, name, CancellationToken.None);
            }
            catch (ObjectConflictException) when (attempt < MaxAttempts)
            {
                // Written meanwhile: decide again from the new state.
            }
        }
    }

    private async Task<TimeSpan?> SyncAsync(string ns, string name, CancellationToken cancellationToken)
    {
        var stored = await store.Objects.GetAsync(
            new ObjectKey(WorkloadStore.ReplicaSets, ns, name), cancellationToken);
        if (stored is null || ObjectMetadata.IsDeleting(stored.Object))
        {
            return null;
        }

        var replicaSet = stored.ToJsonObject();
        var pods = (await store.ListAsync(WorkloadStore.Pods, ns, cancellationToken))
            .Select(pod => pod.ToJsonObject()).ToList();
        var sync = ReplicaSetPlan.Compute(replicaSet, pods, time.GetUtcNow());

        var uid = stored.Uid.ToString();
        foreach (var pod in sync.PodsToAdopt)
        {
            await ChangeOwnersAsync(ns, pod, owners =>
            {
                if (owners.OfType<JsonObject>().Any(owner => owner["controller"]?.GetValue<bool>() == true))
                {
                    return false;
                }

                owners.Add(sync.ControllerReference.DeepClone());
                return true;
            }, cancellationToken);
        }

        foreach (var pod in sync.PodsToRelease)
        {
            await ChangeOwnersAsync(ns, pod, owners =>
            {
                var mine = owners.OfType<JsonObject>().Where(owner => owner["uid"]?.GetValue<string>() == uid)
                    .ToList();
                mine.ForEach(owner => owners.Remove(owner));
                return mine.Count > 0;
            }, cancellationToken);
        }

        await CreatePodsAsync(replicaSet, sync, cancellationToken);
        await DeletePodsAsync(replicaSet, sync.PodsToDelete, pods, cancellationToken);

        var status = (JsonObject)sync.Status.DeepClone();
        foreach (var count in CountsOmittedWhenZero.Where(count => status[count]?.GetValue<int>() == 0))
        {
            status.Remove(count);
        }

        if (!JsonNode.DeepEquals(status, stored.Object["status"]))
        {
            replicaSet["status"] = status;
            await store.Objects.UpdateAsync(stored, replicaSet, cancellationToken);
        }

        return sync.RequeueAfter;
    }

    private async Task CreatePodsAsync(JsonObject replicaSet, ReplicaSetSync sync, CancellationToken cancellationToken)
    {
        var ns = ObjectMetadata.Of(replicaSet)["namespace"]!.GetValue<string>();
        if (sync.PodsToCreate == 0 || await store.NamespaceClosedAsync(ns, cancellationToken))
        {
            return;
        }

        for (var i = 0; i < sync.PodsToCreate; i++)
        {
            try
            {
                var created = await store.CreateAsync(
                    store.PodResource, (JsonObject)sync.PodToCreate.DeepClone(), cancellationToken);
                await events.RecordAsync(replicaSet, "Normal", "SuccessfulCreate", $"Created pod: {created.Key.Name}",
                    Component, cancellationToken);
            }
            catch (StoreException error)
            {
                await events.RecordAsync(replicaSet, "Warning", "FailedCreate", $"Error creating: {error.Message}",
                    Component, cancellationToken);
                throw;
            }
        }
    }

    private async Task DeletePodsAsync(
        JsonObject replicaSet, IReadOnlyList<string> names, List<JsonObject> pods,
        CancellationToken cancellationToken)
    {
        var ns = ObjectMetadata.Of(replicaSet)["namespace"]!.GetValue<string>();
        foreach (var name in names)
        {
            var pod = pods.First(p => p["metadata"]?["name"]?.GetValue<string>() == name);
            try
            {
                await lifecycle.DeleteAsync(store.PodResource, new ObjectKey(WorkloadStore.Pods, ns, name),
                    new DeletionOptions { PreconditionUid = ObjectMetadata.Uid(pod) }, cancellationToken);
                await events.RecordAsync(replicaSet, "Normal", "SuccessfulDelete", $"Deleted pod: {name}",
                    Component, cancellationToken);
            }
            catch (ApiException error) when (error.Code is 404 or 409)
            {
                // Gone or replaced meanwhile: the next reconcile counts again.
                LogSkipped(logger, ns, name, error.Message);
            }
        }
    }

    // Changes a pod's ownerReferences if it still exists; a conflict leaves it to the next reconcile.
    private async Task ChangeOwnersAsync(
        string ns, string name, Func<JsonArray, bool> change, CancellationToken cancellationToken)
    {
        var stored = await store.Objects.GetAsync(new ObjectKey(WorkloadStore.Pods, ns, name), cancellationToken);
        if (stored is null || ObjectMetadata.IsDeleting(stored.Object))
        {
            return;
        }

        var pod = stored.ToJsonObject();
        var metadata = ObjectMetadata.Of(pod);
        var existing = metadata["ownerReferences"] as JsonArray;
        var owners = existing ?? [];
        if (!change(owners))
        {
            return;
        }

        if (owners.Count == 0)
        {
            metadata.Remove("ownerReferences");
        }
        else if (existing is null)
        {
            metadata["ownerReferences"] = owners;
        }

        try
        {
            await store.Objects.UpdateAsync(stored, pod, cancellationToken);
        }
        catch (StoreException error) when (error is ObjectConflictException or ObjectNotFoundException)
        {
            LogSkipped(logger, ns, name, error.Message);
        }
    }

    [LoggerMessage(EventId = 4201, Level = LogLevel.Debug, Message = "Pod {Namespace}/{Name} left as is: {Reason}")]
    private static partial void LogSkipped(ILogger logger, string @namespace, string name, string reason);
}
