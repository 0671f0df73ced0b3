using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Orchestrator.Api.Formats;
using Orchestrator.Api.Lifecycle;
using Orchestrator.Api.Networking;
using Orchestrator.Api.Resources;
using Orchestrator.Api.Server;
using Orchestrator.Store.Errors;
using Orchestrator.Store.Objects;

namespace Orchestrator.Api.Handlers;

public sealed partial class ResourceHandler
{
    private const int MaxUpdateAttempts = 5;

    private async Task CreateAsync(HttpContext context, ResourcePath path, QueryOptions query)
    {
        var body = await RequestBodyReader.ReadObjectAsync(context.Request, context.RequestAborted);
        var obj = body.AsObject();
        var created = await CreateObjectAsync(context, path, obj, body.DuplicateFields, query.IsDryRun);
        await WriteObjectAsync(context, path, created, 201);
    }

    private async Task<JsonObject> CreateObjectAsync(
        HttpContext context, ResourcePath path, JsonObject obj, IReadOnlyList<string> duplicates, bool dryRun,
        bool trackFields = true)
    {
        CheckIdentity(path, obj, null);
        var metadata = ObjectMetadata.Of(obj);
        GenerateName(metadata);
        foreach (var serverField in new[] { "uid", "resourceVersion", "generation", "creationTimestamp",
            "deletionTimestamp", "deletionGracePeriodSeconds" })
        {
            metadata.Remove(serverField);
        }

        ResetStatusOnCreate(path.Resource, obj);
        Admit(context, path.Resource, obj, null, duplicates, ManagerOf(context), trackFields);
        await CheckNamespaceAcceptsAsync(path, NameOf(obj), context.RequestAborted);
        if (dryRun)
        {
            metadata["uid"] = Guid.NewGuid().ToString();
            metadata["creationTimestamp"] = ObjectMetadata.Timestamp(_time.GetUtcNow());
            return obj;
        }

        var taken = IsService(path) ? await _addresses.AllocateAsync(obj, null, context.RequestAborted) : [];
        try
        {
            var stored = await _store.CreateAsync(
                KeyOf(path, NameOf(obj)), ObjectConversion.ToStored(path.Resource, obj), context.RequestAborted);
            if (path.Resource.Kind == "Namespace" && path.Resource.Group.Length == 0)
            {
                await NamespaceContents.CreateDefaultsAsync(_store, NameOf(obj), context.RequestAborted);
            }

            return ObjectConversion.ToServed(path.Resource, stored.ToJsonObject());
        }
        catch (ObjectAlreadyExistsException)
        {
            await _addresses.ReleaseAsync(taken, CancellationToken.None);
            throw ApiErrors.AlreadyExists(path.Resource, NameOf(obj));
        }
        catch
        {
            await _addresses.ReleaseAsync(taken, CancellationToken.None);
            throw;
        }
    }

    // A Service's own spec (not its status) holds cluster IPs and node ports.
    private static bool IsService(ResourcePath path) =>
        path.Resource.Kind == "Service" && path.Resource.Group.Length == 0 && path.Subresource is null;

    private async Task UpdateAsync(HttpContext context, ResourcePath path, QueryOptions query)
    {
        var body = await RequestBodyReader.ReadObjectAsync(context.Request, context.RequestAborted);
        var incoming = body.AsObject();
        CheckIdentity(path, incoming, path.Name);
        var precondition = incoming["metadata"]?["resourceVersion"]?.GetValue<string>();
        var updated = await UpdateObjectAsync(context, path, query.IsDryRun, precondition,
            (current, _) => MergeForUpdate(path.Resource, current, (JsonObject)incoming.DeepClone()),
            body.DuplicateFields);
        await WriteObjectAsync(context, path, updated, 200);
    }

    /// <summary>
    /// Reads the object, computes its new state from the current one, admits and stores it; retries on a
    /// conflicting concurrent write unless the client gave a resourceVersion (then the conflict is theirs).
    /// An object marked for deletion whose last finalizer the write removed is deleted.
    /// </summary>
    private async Task<JsonObject> UpdateObjectAsync(
        HttpContext context, ResourcePath path, bool dryRun, string? precondition,
        Func<JsonObject, StoredObject, JsonObject> change, IReadOnlyList<string> duplicates,
        bool trackFields = true)
    {
        for (var attempt = 1; ; attempt++)
        {
            var current = await GetExistingAsync(path, context.RequestAborted);
            if (!string.IsNullOrEmpty(precondition) && precondition != current.Revision.ToString())
            {
                throw ApiErrors.Conflict(path.Resource, path.Name!,
                    "the object has been modified; please apply your changes to the latest version and try again");
            }

            var served = ObjectConversion.ToServed(path.Resource, current.Object);
            var updated = change((JsonObject)served.DeepClone(), current);
            CheckIdentity(path, updated, path.Name);
            CheckUid(path, current, updated);
            KeepServerFields(served, updated);
            if (IsService(path))
            {
                ServiceAllocations.KeepHeld(updated, served);
            }

            Admit(context, path.Resource, updated, served, duplicates, ManagerOf(context), trackFields,
                path.Subresource);
            var toStore = ObjectConversion.ToStored(path.Resource, updated);
            if (dryRun || JsonNode.DeepEquals(Comparable(toStore), Comparable(current.Object)))
            {
                return dryRun ? WithNextGeneration(updated, served) : (JsonObject)served.DeepClone();
            }

            var taken = IsService(path)
                ? await _addresses.AllocateAsync(updated, served, context.RequestAborted)
                : [];
            toStore = taken.Count > 0 ? ObjectConversion.ToStored(path.Resource, updated) : toStore;
            try
            {
                var stored = await _store.UpdateAsync(current, toStore, context.RequestAborted);
                await _lifecycle.FinishIfReleasedAsync(stored, context.RequestAborted);
                return ObjectConversion.ToServed(path.Resource, stored.ToJsonObject());
            }
            catch (ObjectConflictException) when (string.IsNullOrEmpty(precondition) && attempt < MaxUpdateAttempts)
            {
                // Someone wrote in between and the client did not pin a version: recompute from the new state.
                await _addresses.ReleaseAsync(taken, CancellationToken.None);
            }
            catch (ObjectConflictException)
            {
                await _addresses.ReleaseAsync(taken, CancellationToken.None);
                throw ApiErrors.Conflict(path.Resource, path.Name!,
                    "the object has been modified; please apply your changes to the latest version and try again");
            }
            catch (ObjectNotFoundException)
            {
                await _addresses.ReleaseAsync(taken, CancellationToken.None);
                throw ApiErrors.NotFound(path.Resource, path.Name!);
            }
        }
    }

    // A PUT of the main resource replaces everything but status (which has its own subresource) and the fields
    // only the server sets.
    private static JsonObject MergeForUpdate(ResourceDefinition resource, JsonObject current, JsonObject incoming)
    {
        if (resource.FindSubresource("status") is not null)
        {
            incoming.Remove("status");
            if (current["status"] is { } status)
            {
                incoming["status"] = status.DeepClone();
            }
        }

        return incoming;
    }

    // A uid in the written object is a precondition, as Kubernetes treats it: it must be the stored object's.
    private static void CheckUid(ResourcePath path, StoredObject current, JsonObject updated)
    {
        var uid = updated["metadata"]?["uid"]?.GetValue<string>();
        if (!string.IsNullOrEmpty(uid) && uid != current.Uid.ToString())
        {
            throw ApiErrors.Conflict(path.Resource, path.Name!,
                $"Precondition failed: UID in precondition: {uid}, UID in object meta: {current.Uid}");
        }
    }

    private static void KeepServerFields(JsonObject current, JsonObject updated)
    {
        var from = ObjectMetadata.Of(current);
        var to = ObjectMetadata.Of(updated);
        foreach (var field in new[] { "uid", "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds",
            "generation" })
        {
            to.Remove(field);
            if (from[field] is { } value)
            {
                to[field] = value.DeepClone();
            }
        }

        // Once marked for deletion, an object takes no new finalizers, as Kubernetes refuses them.
        if (ObjectMetadata.IsDeleting(current))
        {
            var before = ObjectMetadata.Finalizers(current);
            var added = ObjectMetadata.Finalizers(updated).Where(f => !before.Contains(f)).ToList();
            if (added.Count > 0)
            {
                var kind = updated["kind"]?.GetValue<string>() ?? "";
                var group = (updated["apiVersion"]?.GetValue<string>() ?? "").Split('/') is [var g, _] ? g : "";
                throw ApiErrors.Invalid(kind, group, updated["metadata"]?["name"]?.GetValue<string>() ?? "",
                [
                    new StatusCause("FieldValueForbidden",
                        "Forbidden: no new finalizers can be added if the object is being deleted, found new " +
                        $"finalizers []string{{{string.Join(", ", added.Select(f => $"\"{f}\""))}}}",
                        "metadata.finalizers"),
                ]);
            }
        }
    }

    // What decides whether a write changed anything: the object without its revision and managed-field times.
    private static JsonObject Comparable(JsonObject obj)
    {
        var copy = (JsonObject)obj.DeepClone();
        var metadata = ObjectMetadata.Of(copy);
        metadata.Remove("resourceVersion");
        if (metadata["managedFields"] is JsonArray fields)
        {
            foreach (var entry in fields.OfType<JsonObject>())
            {
                entry.Remove("time");
            }
        }

        return copy;
    }

    // What the store would make of a dry-run write: the generation moves on when the spec changed.
    private static JsonObject WithNextGeneration(JsonObject updated, JsonObject current)
    {
        if (current["metadata"]?["generation"]?.GetValue<long>() is { } generation &&
            !JsonNode.DeepEquals(updated["spec"], current["spec"]))
        {
            ObjectMetadata.Of(updated)["generation"] = generation + 1;
        }

        return updated;
    }

    private static void ResetStatusOnCreate(ResourceDefinition resource, JsonObject obj)
    {
        if (resource.Group.Length == 0 && resource.Kind == "Pod")
        {
            // Defaults give a new pod its Pending phase and QoS class.
            obj.Remove("status");
        }
        else if (resource.Kind is "Deployment" or "ReplicaSet")
        {
            obj["status"] = new JsonObject();
        }
        else if (resource.Kind == "PodDisruptionBudget")
        {
            // A new budget allows nothing until the disruption controller has counted its pods.
            obj["status"] = new JsonObject
            {
                ["disruptionsAllowed"] = 0,
                ["currentHealthy"] = 0,
                ["desiredHealthy"] = 0,
                ["expectedPods"] = 0,
            };
        }
        else if (resource.Group.Length == 0 && resource.Kind == "Namespace")
        {
            obj["status"] = new JsonObject { ["phase"] = "Active" };
        }
    }

    private static void GenerateName(JsonObject metadata)
    {
        if (!string.IsNullOrEmpty(metadata["name"]?.GetValue<string>()))
        {
            return;
        }

        var prefix = metadata["generateName"]?.GetValue<string>();
        if (string.IsNullOrEmpty(prefix))
        {
            return;
        }

        const string alphabet = "bcdfghjklmnpqrstvwxz2456789";
        var suffix = new string(Enumerable.Range(0, 5).Select(_ => alphabet[Random.Shared.Next(alphabet.Length)])
            .ToArray());
        metadata["name"] = prefix[..Math.Min(prefix.Length, 58)] + suffix;
    }

    // Objects are created only in a namespace that exists and is not being deleted, as Kubernetes' admission does.
    private async Task CheckNamespaceAcceptsAsync(ResourcePath path, string name, CancellationToken cancellationToken)
    {
        if (!path.Resource.IsNamespaced)
        {
            return;
        }

        var ns = await _store.GetAsync(new ObjectKey("namespaces", "", path.Namespace!), cancellationToken)
            ?? throw ApiErrors.NotFound("", "namespaces", path.Namespace!);
        if (ObjectMetadata.IsDeleting(ns.Object))
        {
            throw ApiErrors.Forbidden(
                $"{path.Resource.GroupResource} \"{name}\" is forbidden: unable to create new content in namespace " +
                $"{path.Namespace} because it is being terminated", path.Resource, name);
        }
    }
}
