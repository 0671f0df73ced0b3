using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Orchestrator.Api.Formats;
using Orchestrator.Api.Lifecycle;
using Orchestrator.Api.Resources;
using Orchestrator.Api.Server;
using Orchestrator.Store.Objects;

namespace Orchestrator.Api.Handlers;

public sealed partial class ResourceHandler
{
    private async Task DeleteAsync(HttpContext context, ResourcePath path, QueryOptions query)
    {
        var options = await ReadDeletionOptionsAsync(context, query);
        if (path.Resource.Kind == "Namespace" && path.Resource.Group.Length == 0 &&
            path.Name is "default" or "kube-system" or "kube-public")
        {
            throw ApiErrors.Forbidden($"namespaces \"{path.Name}\" is forbidden: this namespace may not be deleted",
                path.Resource, path.Name);
        }

        var outcome = await _lifecycle.DeleteAsync(
            path.Resource, KeyOf(path, path.Name!), options, context.RequestAborted);

        // 200 when the object is gone, 202 when it waits for finalizers or its grace period, as Kubernetes answers;
        // a deletion that is done answers with a Success Status, except for pods, which answer with their last state.
        if (outcome.Deleted && path.Resource.Kind != "Pod")
        {
            await ResponseWriter.WriteJsonAsync(context.Response, 200, StatusObjects.Success(new StatusDetails(
                path.Name, path.Resource.Group, path.Resource.Plural)
            {
                Uid = outcome.Object["metadata"]?["uid"]?.GetValue<string>(),
            }));
            return;
        }

        await WriteObjectAsync(
            context, path, ObjectConversion.ToServed(path.Resource, outcome.Object), outcome.Deleted ? 200 : 202);
    }

    private async Task DeleteCollectionAsync(HttpContext context, ResourcePath path, QueryOptions query)
    {
        var options = await ReadDeletionOptionsAsync(context, query);
        var request = ParseList(path, query) with { Limit = 0, Continue = null };
        var page = await _store.ListAsync(request, context.RequestAborted);
        var items = new JsonArray();
        foreach (var item in page.Items)
        {
            try
            {
                var outcome = await _lifecycle.DeleteAsync(path.Resource, item.Key, options, context.RequestAborted);
                items.Add(ObjectConversion.ToServed(path.Resource, outcome.Object));
            }
            catch (ApiException gone) when (gone.Code == 404)
            {
                // Deleted by someone else meanwhile.
            }
        }

        var list = new JsonObject
        {
            ["kind"] = path.Resource.ListKind,
            ["apiVersion"] = path.Resource.ApiVersion,
            ["metadata"] = new JsonObject { ["resourceVersion"] = Revision(page.Revision) },
            ["items"] = items,
        };
        await ResponseWriter.WriteJsonAsync(context.Response, 200, list);
    }

    /// <summary>The DeleteOptions of a request, from its body (JSON, YAML or protobuf) and query.</summary>
    private static async Task<DeletionOptions> ReadDeletionOptionsAsync(HttpContext context, QueryOptions query)
    {
        JsonObject? body = null;
        if (context.Request.ContentLength is > 0 || context.Request.Headers.TransferEncoding.Count > 0)
        {
            body = (await RequestBodyReader.ReadObjectAsync(context.Request, context.RequestAborted)).Value
                as JsonObject;
        }

        var policyText = body?["propagationPolicy"]?.GetValue<string>() ?? query.Get("propagationPolicy");
        if (body?["orphanDependents"]?.GetValue<bool>() is { } orphan)
        {
            if (policyText is not null)
            {
                throw ApiErrors.Invalid("DeleteOptions", "meta.k8s.io", "", [new StatusCause("FieldValueInvalid",
                    "Invalid value: \"orphanDependents\": orphanDependents and deletionPropagation cannot be " +
                    "both set", "propagationPolicy")]);
            }

            policyText = orphan ? "Orphan" : "Background";
        }

        var policy = policyText switch
        {
            null or "" or "Background" => PropagationPolicy.Background,
            "Foreground" => PropagationPolicy.Foreground,
            "Orphan" => PropagationPolicy.Orphan,
            _ => throw ApiErrors.Invalid("DeleteOptions", "meta.k8s.io", "", [new StatusCause("FieldValueNotSupported",
                $"Unsupported value: \"{policyText}\": supported values: \"Foreground\", \"Background\", \"Orphan\", " +
                "\"nil\"",
                "propagationPolicy")]),
        };
        var grace = body?["gracePeriodSeconds"]?.GetValue<long>() ?? query.GetLong("gracePeriodSeconds");
        var preconditions = body?["preconditions"] as JsonObject;
        var uid = preconditions?["uid"]?.GetValue<string>();
        var revision = preconditions?["resourceVersion"]?.GetValue<string>();
        var dryRun = query.IsDryRun || body?["dryRun"] is JsonArray { Count: > 0 };
        return new DeletionOptions
        {
            Propagation = policy,
            GracePeriodSeconds = grace,
            PreconditionUid = string.IsNullOrEmpty(uid) ? null : uid,
            PreconditionRevision = string.IsNullOrEmpty(revision) ? null
                : long.TryParse(revision, out var parsedRevision) ? parsedRevision
                : throw ApiErrors.BadRequest($"invalid resource version \"{revision}\" in preconditions"),
            DryRun = dryRun,
        };
    }
}
