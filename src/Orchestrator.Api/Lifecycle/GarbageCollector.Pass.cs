using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Orchestrator.Api.Server;
using Orchestrator.Store.Errors;
using Orchestrator.Store.Objects;

namespace Orchestrator.Api.Lifecycle;

public sealed partial class GarbageCollector
{
    // One look at the whole graph; each rule acts on what it finds and the next pass sees the result.
    private async Task PassAsync(CancellationToken cancellationToken)
    {
        foreach (var node in _graph.Nodes.ToList())
        {
            try
            {
                await ReconcileAsync(node, cancellationToken);
            }
            catch (Exception error) when (error is ApiException or StoreException)
            {
                LogRetry(logger, node.Key.ToString(), error.Message);
            }
        }
    }

    private async Task ReconcileAsync(ObjectGraph.GraphNode node, CancellationToken cancellationToken)
    {
        if (node.IsDeleting)
        {
            if (node.Finalizers.Contains(ObjectMetadata.OrphanFinalizer))
            {
                await OrphanDependentsAsync(node, cancellationToken);
            }
            else if (node.Finalizers.Contains(ObjectMetadata.ForegroundFinalizer))
            {
                await DeleteDependentsFirstAsync(node, cancellationToken);
            }
            else if (node.Key.Resource == "namespaces")
            {
                await EmptyNamespaceAsync(node, cancellationToken);
            }
            else if (node.Key.Resource == "pods")
            {
                await FinishPodWithoutNodeAsync(node, cancellationToken);
            }

            return;
        }

        if (node.Owners.Count > 0 && node.Owners.All(o => !_graph.Contains(o.Uid)) &&
            await AllOwnersGoneAsync(node, cancellationToken))
        {
            LogCollect(logger, node.Key.ToString());
            await DeleteAsync(node, PropagationPolicy.Background, cancellationToken);
        }
    }

    private async Task OrphanDependentsAsync(ObjectGraph.GraphNode owner, CancellationToken cancellationToken)
    {
        foreach (var dependent in _graph.DependentsOf(owner.Uid))
        {
            await ChangeAsync(dependent.Key, obj =>
            {
                if (obj["metadata"]?["ownerReferences"] is not JsonArray refs)
                {
                    return false;
                }

                foreach (var item in refs.OfType<JsonObject>().Where(r => r["uid"]?.GetValue<string>() == owner.Uid)
                    .ToList())
                {
                    refs.Remove(item);
                }

                if (refs.Count == 0)
                {
                    ObjectMetadata.Of(obj).Remove("ownerReferences");
                }

                return true;
            }, cancellationToken);
        }

        await RemoveFinalizerAsync(owner, ObjectMetadata.OrphanFinalizer, cancellationToken);
    }

    private async Task DeleteDependentsFirstAsync(ObjectGraph.GraphNode owner, CancellationToken cancellationToken)
    {
        var dependents = _graph.DependentsOf(owner.Uid).ToList();
        foreach (var dependent in dependents.Where(d => !d.IsDeleting))
        {
            await DeleteAsync(dependent, PropagationPolicy.Foreground, cancellationToken);
        }

        if (dependents.Count == 0)
        {
            await RemoveFinalizerAsync(owner, ObjectMetadata.ForegroundFinalizer, cancellationToken);
        }
    }

    private async Task EmptyNamespaceAsync(ObjectGraph.GraphNode ns, CancellationToken cancellationToken)
    {
        var name = ns.Key.Name;
        var contents = _graph.InNamespace(name).ToList();
        foreach (var item in contents.Where(c => !c.IsDeleting))
        {
            await DeleteAsync(item, PropagationPolicy.Background, cancellationToken);
        }

        if (contents.Count > 0 || ns.Finalizers.Count > 0)
        {
            return;
        }

        try
        {
            await store.DeleteAsync(ns.Key, new DeletePreconditions(Guid.Parse(ns.Uid)), cancellationToken);
            LogNamespaceGone(logger, name);
        }
        catch (ObjectNotFoundException)
        {
            // Already gone.
        }
    }

    // Nobody runs a pod placed on a node that does not exist, so nobody else would end its grace period.
    private async Task FinishPodWithoutNodeAsync(ObjectGraph.GraphNode pod, CancellationToken cancellationToken)
    {
        var nodeName = pod.Object["spec"]?["nodeName"]?.GetValue<string>();
        if (!string.IsNullOrEmpty(nodeName) &&
            await store.GetAsync(new ObjectKey("nodes", "", nodeName), cancellationToken) is not null)
        {
            return;
        }

        if (pod.Finalizers.Count > 0)
        {
            return;
        }

        try
        {
            await store.DeleteAsync(pod.Key, new DeletePreconditions(Guid.Parse(pod.Uid)), cancellationToken);
        }
        catch (ObjectNotFoundException)
        {
            // Already gone.
        }
    }

    // The graph can lag the store: confirm with the store that no owner exists with the referenced uid.
    private async Task<bool> AllOwnersGoneAsync(ObjectGraph.GraphNode node, CancellationToken cancellationToken)
    {
        foreach (var owner in node.Owners)
        {
            var resource = catalog.FindByApiVersion(owner.ApiVersion, owner.Kind);
            if (resource is null)
            {
                return false;
            }

            var key = new ObjectKey(resource.StorageKey, resource.IsNamespaced ? node.Key.Namespace : "", owner.Name);
            var stored = await store.GetAsync(key, cancellationToken);
            if (stored is not null && stored.Uid.ToString() == owner.Uid)
            {
                return false;
            }
        }

        return true;
    }

    private async Task DeleteAsync(
        ObjectGraph.GraphNode node, PropagationPolicy propagation, CancellationToken cancellationToken)
    {
        if (!_byStorageKey.TryGetValue(node.Key.Resource, out var resource))
        {
            return;
        }

        try
        {
            await lifecycle.DeleteAsync(resource, node.Key,
                new DeletionOptions { Propagation = propagation, PreconditionUid = node.Uid },
                cancellationToken);
        }
        catch (ApiException gone) when (gone.Code is 404 or 409)
        {
            // Gone or replaced meanwhile; the next pass sees the new state.
        }
    }

    private Task RemoveFinalizerAsync(ObjectGraph.GraphNode node, string finalizer, CancellationToken cancellationToken)
        => ChangeAsync(node.Key, obj =>
        {
            var finalizers = ObjectMetadata.Finalizers(obj);
            if (!finalizers.Remove(finalizer))
            {
                return false;
            }

            ObjectMetadata.SetFinalizers(obj, finalizers);
            return true;
        }, cancellationToken);

    // Reads, changes and writes one object, then deletes it if the change released it.
    private async Task ChangeAsync(ObjectKey key, Func<JsonObject, bool> change, CancellationToken cancellationToken)
    {
        var current = await store.GetAsync(key, cancellationToken);
        if (current is null)
        {
            return;
        }

        var updated = current.ToJsonObject();
        if (!change(updated))
        {
            await lifecycle.FinishIfReleasedAsync(current, cancellationToken);
            return;
        }

        try
        {
            var stored = await store.UpdateAsync(current, updated, cancellationToken);
            await lifecycle.FinishIfReleasedAsync(stored, cancellationToken);
        }
        catch (StoreException error) when (error is ObjectConflictException or ObjectNotFoundException)
        {
            // Changed meanwhile; the next pass tries again with the new state.
        }
    }

    [LoggerMessage(3100, LogLevel.Information, "Garbage collector loaded {Count} objects at revision {Revision}")]
    private static partial void LogLoaded(ILogger logger, int count, long revision);

    [LoggerMessage(3101, LogLevel.Debug, "Collecting {Key}: every owner is gone")]
    private static partial void LogCollect(ILogger logger, string key);

    [LoggerMessage(3102, LogLevel.Information, "Namespace {Name} is empty and deleted")]
    private static partial void LogNamespaceGone(ILogger logger, string name);

    [LoggerMessage(3103, LogLevel.Warning, "Garbage collection of {Key} will be retried: {Reason}")]
    private static partial void LogRetry(ILogger logger, string key, string reason);

    [LoggerMessage(3104, LogLevel.Warning, "Garbage collector restarts after a failure")]
    private static partial void LogRestart(ILogger logger, Exception error);
}
