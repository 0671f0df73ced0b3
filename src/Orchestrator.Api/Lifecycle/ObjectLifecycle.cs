using System.Text.Json.Nodes;
using Orchestrator.Api.Resources;
using Orchestrator.Api.Server;
using Orchestrator.Store;
using Orchestrator.Store.Errors;
using Orchestrator.Store.Objects;

namespace Orchestrator.Api.Lifecycle;

/// <summary>
/// The deletion rules of the API, shared by the DELETE verb and the garbage collector: finalizers keep an object,
/// marked with a deletionTimestamp, until they are removed; running pods get a grace period; foreground and orphan
/// propagation add their finalizers; an object marked for deletion goes once nothing holds it.
/// </summary>
public sealed class ObjectLifecycle(IObjectStore store, TimeProvider time)
{
    private const int MaxAttempts = 8;

    /// <summary>The outcome of a deletion: the object's last state, and whether it is gone already.</summary>
    public sealed record Outcome(JsonObject Object, bool Deleted);

    /// <summary>
    /// Deletes an object, or marks it for deletion when finalizers or a grace period hold it.
    /// Throws NotFound when it does not exist and Conflict when a precondition fails.
    /// </summary>
    public async Task<Outcome> DeleteAsync(
        ResourceDefinition resource, ObjectKey key, DeletionOptions options, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var current = await store.GetAsync(key, cancellationToken)
                ?? throw ApiErrors.NotFound(resource, key.Name);
            CheckPreconditions(resource, key, current, options);

            var marked = Mark(resource, current.ToJsonObject(), options);
            if (options.DryRun)
            {
                return new Outcome(marked ?? current.ToJsonObject(), marked is null);
            }

            try
            {
                if (marked is null)
                {
                    var deleted = await store.DeleteAsync(
                        key, new DeletePreconditions(current.Uid, current.Revision), cancellationToken);
                    return new Outcome(deleted.ToJsonObject(), true);
                }

                if (JsonNode.DeepEquals(marked, current.Object))
                {
                    return new Outcome(marked, false);
                }

                var updated = await store.UpdateAsync(current, marked, cancellationToken);
                return new Outcome(updated.ToJsonObject(), false);
            }
            catch (ObjectConflictException) when (attempt < MaxAttempts)
            {
                // Changed meanwhile: read it again and decide again.
            }
            catch (ObjectNotFoundException)
            {
                throw ApiErrors.NotFound(resource, key.Name);
            }
        }
    }

    /// <summary>
    /// Deletes an object marked for deletion once no finalizer holds it and its grace period (if any) allows.
    /// Returns true when it deleted it. Safe to call for any object.
    /// </summary>
    public async Task<bool> FinishIfReleasedAsync(StoredObject stored, CancellationToken cancellationToken)
    {
        var obj = stored.Object;
        if (!ObjectMetadata.IsDeleting(obj) || ObjectMetadata.Finalizers(obj).Count > 0 || IsWithinGrace(obj))
        {
            return false;
        }

        try
        {
            var preconditions = new DeletePreconditions(stored.Uid, stored.Revision);
            await store.DeleteAsync(stored.Key, preconditions, cancellationToken);
            return true;
        }
        catch (StoreException error) when (error is ObjectConflictException or ObjectNotFoundException)
        {
            return false;
        }
    }

    /// <summary>Whether a pod marked for deletion still has time to stop.</summary>
    public bool IsWithinGrace(JsonObject obj)
    {
        if (obj["metadata"]?["deletionGracePeriodSeconds"]?.GetValue<long>() is not > 0)
        {
            return false;
        }

        return DateTimeOffset.TryParse(ObjectMetadata.DeletionTimestamp(obj), out var deadline) &&
            deadline > time.GetUtcNow();
    }

    // The object marked for deletion, or null when it can go at once.
    private JsonObject? Mark(ResourceDefinition resource, JsonObject obj, DeletionOptions options)
    {
        var finalizers = ObjectMetadata.Finalizers(obj);
        var wanted = options.Propagation switch
        {
            PropagationPolicy.Foreground => ObjectMetadata.ForegroundFinalizer,
            PropagationPolicy.Orphan => ObjectMetadata.OrphanFinalizer,
            _ => null,
        };
        if (wanted is not null && !finalizers.Contains(wanted))
        {
            finalizers.Remove(ObjectMetadata.ForegroundFinalizer);
            finalizers.Remove(ObjectMetadata.OrphanFinalizer);
            finalizers.Add(wanted);
        }

        if (resource.Kind == "Namespace" && resource.Group.Length == 0)
        {
            return MarkNamespace(obj, finalizers);
        }

        var grace = GraceSeconds(resource, obj, options);
        var metadata = ObjectMetadata.Of(obj);
        if (ObjectMetadata.IsDeleting(obj))
        {
            // Already marked: a shorter grace period (the node's final delete sends 0) may end it now.
            var remaining = metadata["deletionGracePeriodSeconds"]?.GetValue<long>() ?? 0;
            if (grace < remaining)
            {
                metadata["deletionGracePeriodSeconds"] = grace;
                metadata["deletionTimestamp"] = ObjectMetadata.Timestamp(time.GetUtcNow().AddSeconds(grace));
            }

            ObjectMetadata.SetFinalizers(obj, finalizers);
            return finalizers.Count == 0 && grace == 0 ? null : obj;
        }

        if (finalizers.Count == 0 && grace == 0)
        {
            return null;
        }

        metadata["deletionTimestamp"] = ObjectMetadata.Timestamp(time.GetUtcNow().AddSeconds(grace));
        metadata["deletionGracePeriodSeconds"] = grace;
        ObjectMetadata.SetFinalizers(obj, finalizers);
        return obj;
    }

    private JsonObject MarkNamespace(JsonObject obj, List<string> finalizers)
    {
        var metadata = ObjectMetadata.Of(obj);
        if (!ObjectMetadata.IsDeleting(obj))
        {
            metadata["deletionTimestamp"] = ObjectMetadata.Timestamp(time.GetUtcNow());
            metadata["deletionGracePeriodSeconds"] = 0;
        }

        ObjectMetadata.SetFinalizers(obj, finalizers);
        var status = obj["status"] as JsonObject ?? new JsonObject();
        status["phase"] = "Terminating";
        obj["status"] = status;
        return obj;
    }

    // Only pods placed on a node and not yet finished are given time to stop; the rest go at once.
    private static long GraceSeconds(ResourceDefinition resource, JsonObject obj, DeletionOptions options)
    {
        if (resource.Kind != "Pod" || resource.Group.Length != 0)
        {
            return 0;
        }

        var phase = obj["status"]?["phase"]?.GetValue<string>();
        var nodeName = obj["spec"]?["nodeName"]?.GetValue<string>();
        if (string.IsNullOrEmpty(nodeName) || phase is "Succeeded" or "Failed")
        {
            return 0;
        }

        var grace = options.GracePeriodSeconds
            ?? obj["spec"]?["terminationGracePeriodSeconds"]?.GetValue<long>()
            ?? 30;
        return Math.Max(0, grace);
    }

    private static void CheckPreconditions(
        ResourceDefinition resource, ObjectKey key, StoredObject current, DeletionOptions options)
    {
        if (options.PreconditionUid is { } uid && uid != current.Uid.ToString())
        {
            throw ApiErrors.Conflict(resource, key.Name,
                $"Precondition failed: UID in precondition: {uid}, UID in object meta: {current.Uid}");
        }

        if (options.PreconditionRevision is { } revision && revision != current.Revision)
        {
            throw ApiErrors.Conflict(resource, key.Name,
                $"Precondition failed: ResourceVersion in precondition: {revision}, " +
                $"ResourceVersion in object meta: {current.Revision}");
        }
    }
}
