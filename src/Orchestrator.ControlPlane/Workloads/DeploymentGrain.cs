using System.Globalization;
using System.Text.Json.Nodes;
using Orchestrator.Api.Lifecycle;
using Orchestrator.Api.Server;
using Orchestrator.Contracts.Workloads;
using Orchestrator.Store.Errors;
using Orchestrator.Store.Objects;

namespace Orchestrator.ControlPlane.Workloads;

/// <summary>
/// Reconciles one Deployment: loads it and the ReplicaSets it controls from the store, lets
/// <see cref="DeploymentPlan.Compute"/> decide, then creates, scales and prunes ReplicaSets and writes the revision
/// annotation and status when they changed, guarded by the revision it read. Calls are serialized and read the
/// store each time, so repeating one after a crash decides nothing new.
/// </summary>
public sealed partial class DeploymentGrain(
    WorkloadStore store, ObjectLifecycle lifecycle, EventRecorder events, TimeProvider time,
    ILogger<DeploymentGrain> logger) : Grain, IDeploymentGrain
{
    private const string Component = "deployment-controller";
    private const int MaxAttempts = 5;

    public async Task<TimeSpan?> ReconcileAsync()
    {
        var (ns, name) = WorkloadKey.Parse(this.GetPrimaryKeyString());
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await SyncAsync(ns, name, CancellationToken.None);
            }
            catch (StoreException error) when (
                error is ObjectConflictException or ObjectAlreadyExistsException && attempt < MaxAttempts)
            {
                // Written meanwhile: decide again from the new state.
            }
        }
    }

    private async Task<TimeSpan?> SyncAsync(string ns, string name, CancellationToken cancellationToken)
    {
        var stored = await store.Objects.GetAsync(
            new ObjectKey(WorkloadStore.Deployments, ns, name), cancellationToken);
        if (stored is null || ObjectMetadata.IsDeleting(stored.Object))
        {
            return null;
        }

        var deployment = stored.ToJsonObject();
        var uid = stored.Uid.ToString();
        // TODO: adopt orphaned ReplicaSets matching the selector and release those that stop matching.
        var owned = (await store.ListAsync(WorkloadStore.ReplicaSets, ns, cancellationToken))
            .Where(rs => ObjectFields.ControllerUid(rs.Object) == uid).ToList();
        // TODO: count active pods per ReplicaSet so Recreate waits for terminating pods, not only status.replicas.
        var sync = DeploymentPlan.Compute(
            deployment, owned.Select(rs => rs.ToJsonObject()).ToList(), time.GetUtcNow());

        if (sync.ReplicaSetToCreate is { } replicaSet)
        {
            if (!await CreateReplicaSetAsync(stored, deployment, replicaSet, cancellationToken))
            {
                return TimeSpan.Zero;
            }
        }

        foreach (var update in sync.ReplicaSetsToUpdate)
        {
            var current = owned.First(rs => rs.Key.Name == NameOf(update));
            var from = ObjectFields.Int(ObjectFields.Object(current.Object, "spec"), "replicas") ?? 1;
            await store.Objects.UpdateAsync(current, update, cancellationToken);
            var to = ObjectFields.Int(ObjectFields.Object(update, "spec"), "replicas") ?? 1;
            await RecordScalingAsync(deployment, NameOf(update), from, to, cancellationToken);
        }

        foreach (var doomed in sync.ReplicaSetsToDelete)
        {
            var current = owned.First(rs => rs.Key.Name == doomed);
            try
            {
                await lifecycle.DeleteAsync(store.ReplicaSetResource, current.Key,
                    new DeletionOptions { PreconditionUid = current.Uid.ToString() }, cancellationToken);
            }
            catch (ApiException error) when (error.Code is 404 or 409)
            {
                LogSkipped(logger, ns, doomed, error.Message);
            }
        }

        if (sync.Revision is not null || sync.StatusChanged)
        {
            if (sync.Revision is { } revision)
            {
                var metadata = ObjectMetadata.Of(deployment);
                if (metadata["annotations"] is not JsonObject annotations)
                {
                    annotations = [];
                    metadata["annotations"] = annotations;
                }

                annotations[DeploymentPlan.RevisionAnnotation] = revision;
            }

            deployment["status"] = sync.Status.DeepClone();
            await store.Objects.UpdateAsync(stored, deployment, cancellationToken);
        }

        return sync.RequeueAfter;
    }

    // Creates the new ReplicaSet; on a name taken by a ReplicaSet this Deployment does not control, counts a
    // collision in the status so the next reconcile hashes the template differently.
    private async Task<bool> CreateReplicaSetAsync(
        StoredObject stored, JsonObject deployment, JsonObject replicaSet, CancellationToken cancellationToken)
    {
        try
        {
            var created = await store.CreateAsync(store.ReplicaSetResource, replicaSet, cancellationToken);
            var replicas = ObjectFields.Int(ObjectFields.Object(replicaSet, "spec"), "replicas") ?? 0;
            await RecordScalingAsync(deployment, created.Key.Name, 0, replicas, cancellationToken);
            return true;
        }
        catch (ObjectAlreadyExistsException)
        {
            var updated = stored.ToJsonObject();
            if (updated["status"] is not JsonObject status)
            {
                status = [];
                updated["status"] = status;
            }

            status["collisionCount"] = (ObjectFields.Int(status, "collisionCount") ?? 0) + 1;
            await store.Objects.UpdateAsync(stored, updated, cancellationToken);
            return false;
        }
    }

    private Task RecordScalingAsync(
        JsonObject deployment, string replicaSet, int from, int to, CancellationToken cancellationToken)
    {
        if (from == to)
        {
            return Task.CompletedTask;
        }

        var direction = to > from ? "up" : "down";
        var message = string.Create(CultureInfo.InvariantCulture,
            $"Scaled {direction} replica set {replicaSet} to {to} from {from}");
        return events.RecordAsync(deployment, "Normal", "ScalingReplicaSet", message, Component, cancellationToken);
    }

    private static string NameOf(JsonObject obj) => ObjectMetadata.Of(obj)["name"]!.GetValue<string>();

    [LoggerMessage(EventId = 4202, Level = LogLevel.Debug,
        Message = "ReplicaSet {Namespace}/{Name} left as is: {Reason}")]
    private static partial void LogSkipped(ILogger logger, string @namespace, string name, string reason);
}
