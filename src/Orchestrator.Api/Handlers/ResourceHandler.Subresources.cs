using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Orchestrator.Api.Formats;
using Orchestrator.Api.Lifecycle;
using Orchestrator.Api.Policy;
using Orchestrator.Api.Server;

namespace Orchestrator.Api.Handlers;

public sealed partial class ResourceHandler
{
    private Task HandleSubresourceAsync(HttpContext context, ResourcePath path, QueryOptions query)
    {
        var sub = path.Resource.FindSubresource(path.Subresource!)
            ?? throw ApiErrors.NoSuchPath();
        var method = context.Request.Method;
        return (sub.Name, method) switch
        {
            ("status", "GET") => GetAsync(context, path),
            ("status", "PUT" or "PATCH") => UpdateStatusAsync(context, path, query),
            ("finalize", "PUT") => FinalizeAsync(context, path, query),
            ("scale", "GET") => GetScaleAsync(context, path),
            ("scale", "PUT" or "PATCH") => UpdateScaleAsync(context, path, query),
            ("binding", "POST") => BindAsync(context, path, query),
            ("eviction", "POST") => EvictAsync(context, path, query),
            ("proxy", _) => ProxyAsync(context, path),
            ("log" or "exec" or "attach" or "portforward", _) => NodeStreamAsync(context, path, sub.Name),
            _ => throw ApiErrors.MethodNotSupported(path.Resource),
        };
    }

    // The status subresource changes status only: spec and metadata stay as stored.
    private async Task UpdateStatusAsync(HttpContext context, ResourcePath path, QueryOptions query)
    {
        var body = context.Request.Method == "PUT"
            ? await RequestBodyReader.ReadObjectAsync(context.Request, context.RequestAborted)
            : await RequestBodyReader.ReadPatchAsync(context.Request, context.RequestAborted);
        var precondition = (body.Value as JsonObject)?["metadata"]?["resourceVersion"]?.GetValue<string>();
        var updated = await UpdateObjectAsync(context, path, query.IsDryRun, precondition, (current, _) =>
        {
            var incoming = context.Request.Method == "PUT" ? body.AsObject() : PatchObject(path, current, body);
            var result = (JsonObject)current.DeepClone();
            result["status"] = incoming["status"]?.DeepClone();
            return result;
        }, body.DuplicateFields);
        await WriteObjectAsync(context, path, updated, 200);
    }

    // namespaces/finalize changes spec.finalizers only: the way to release a namespace stuck in deletion.
    private async Task FinalizeAsync(HttpContext context, ResourcePath path, QueryOptions query)
    {
        var body = await RequestBodyReader.ReadObjectAsync(context.Request, context.RequestAborted);
        var updated = await UpdateObjectAsync(context, path, query.IsDryRun, null, (current, _) =>
        {
            var spec = current["spec"] as JsonObject ?? new JsonObject();
            spec["finalizers"] = body.AsObject()["spec"]?["finalizers"]?.DeepClone() ?? new JsonArray();
            current["spec"] = spec;
            return current;
        }, body.DuplicateFields);
        await WriteObjectAsync(context, path, updated, 200);
    }

    private async Task GetScaleAsync(HttpContext context, ResourcePath path)
    {
        var stored = await GetExistingAsync(path, context.RequestAborted);
        await ResponseWriter.WriteJsonAsync(context.Response, 200, ScaleOf(stored.ToJsonObject()));
    }

    // The scale subresource reads and writes spec.replicas through an autoscaling/v1 Scale.
    private async Task UpdateScaleAsync(HttpContext context, ResourcePath path, QueryOptions query)
    {
        var body = context.Request.Method == "PUT"
            ? await RequestBodyReader.ReadObjectAsync(context.Request, context.RequestAborted)
            : await RequestBodyReader.ReadPatchAsync(context.Request, context.RequestAborted);
        var precondition = (body.Value as JsonObject)?["metadata"]?["resourceVersion"]?.GetValue<string>();
        var updated = await UpdateObjectAsync(context, path, query.IsDryRun, precondition, (current, _) =>
        {
            var scale = ScaleOf(current);
            var wanted = context.Request.Method == "PUT"
                ? body.AsObject()
                : body.MediaType switch
                {
                    RequestBodyReader.JsonPatch =>
                        Patching.JsonPatch.Apply(scale, (JsonArray)body.Value!) as JsonObject,
                    _ => Patching.JsonMergePatch.Apply(scale, body.AsObject()) as JsonObject,
                };
            var replicas = wanted?["spec"]?["replicas"];
            if (replicas is null || replicas.GetValueKind() != System.Text.Json.JsonValueKind.Number ||
                replicas.GetValue<long>() < 0)
            {
                throw ApiErrors.Invalid("Scale", "autoscaling", path.Name!, [new StatusCause("FieldValueInvalid",
                    $"Invalid value: {replicas?.ToJsonString() ?? "null"}: must be greater than or equal to 0",
                    "spec.replicas")]);
            }

            var result = (JsonObject)current.DeepClone();
            var spec = result["spec"] as JsonObject ?? new JsonObject();
            spec["replicas"] = replicas.GetValue<long>();
            result["spec"] = spec;
            return result;
        }, body.DuplicateFields);
        await ResponseWriter.WriteJsonAsync(context.Response, 200, ScaleOf(updated));
    }

    private static JsonObject ScaleOf(JsonObject obj)
    {
        var metadata = obj["metadata"] as JsonObject ?? new JsonObject();
        var selector = obj["spec"]?["selector"]?["matchLabels"] as JsonObject;
        var selectorText = selector is null
            ? ""
            : string.Join(',', selector.Select(p => $"{p.Key}={p.Value?.GetValue<string>()}"));
        var scaleMetadata = new JsonObject();
        foreach (var field in new[] { "name", "namespace", "uid", "resourceVersion", "creationTimestamp" })
        {
            if (metadata[field] is { } value)
            {
                scaleMetadata[field] = value.DeepClone();
            }
        }

        return new JsonObject
        {
            ["kind"] = "Scale",
            ["apiVersion"] = "autoscaling/v1",
            ["metadata"] = scaleMetadata,
            ["spec"] = new JsonObject { ["replicas"] = obj["spec"]?["replicas"]?.GetValue<long>() ?? 1 },
            ["status"] = new JsonObject
            {
                ["replicas"] = obj["status"]?["replicas"]?.GetValue<long>() ?? 0,
                ["selector"] = selectorText,
            },
        };
    }

    // pods/binding: places a pod on a node once; a pod already placed is a conflict.
    private async Task BindAsync(HttpContext context, ResourcePath path, QueryOptions query)
    {
        var body = (await RequestBodyReader.ReadObjectAsync(context.Request, context.RequestAborted)).AsObject();
        var node = body["target"]?["name"]?.GetValue<string>();
        if (string.IsNullOrEmpty(node))
        {
            throw ApiErrors.Invalid("Binding", "", path.Name!, [new StatusCause(
                "FieldValueRequired", "Required value", "target.name")]);
        }

        await UpdateObjectAsync(context, path, query.IsDryRun, null, (current, _) =>
        {
            var assigned = current["spec"]?["nodeName"]?.GetValue<string>();
            if (!string.IsNullOrEmpty(assigned))
            {
                throw ApiErrors.Conflict(path.Resource, path.Name!, $"pod {path.Name} is already assigned to node " +
                    $"\"{assigned}\"");
            }

            if (ObjectMetadata.IsDeleting(current))
            {
                throw ApiErrors.Conflict(
                    path.Resource, path.Name!, "pod is being deleted, cannot be assigned to a host");
            }

            ((JsonObject)current["spec"]!)["nodeName"] = node;
            SetCondition(current, "PodScheduled", "True", null);
            return current;
        }, [], trackFields: false);
        await ResponseWriter.WriteJsonAsync(context.Response, 201, StatusObjects.Success());
    }

    // pods/eviction: deletes the pod with its grace period once the disruption budget that selects it allows.
    private async Task EvictAsync(HttpContext context, ResourcePath path, QueryOptions query)
    {
        var read = await RequestBodyReader.ReadObjectAsync(context.Request, context.RequestAborted);
        var body = read.Value as JsonObject;
        var named = body?["metadata"]?["name"]?.GetValue<string>();
        if (!string.IsNullOrEmpty(named) && named != path.Name)
        {
            throw ApiErrors.BadRequest("name in URL does not match name in Eviction object");
        }

        var deleteOptions = body?["deleteOptions"] as JsonObject;
        var grace = deleteOptions?["gracePeriodSeconds"]?.GetValue<long>();
        var dryRun = query.IsDryRun || (deleteOptions?["dryRun"] as JsonArray)?.Count > 0;
        var pod = await GetExistingAsync(path, context.RequestAborted);
        await new EvictionGuard(_store, _time).AdmitAsync(pod.Object, dryRun, context.RequestAborted);

        await _lifecycle.DeleteAsync(path.Resource, KeyOf(path, path.Name!),
            new DeletionOptions { GracePeriodSeconds = grace, DryRun = dryRun }, context.RequestAborted);
        await ResponseWriter.WriteJsonAsync(context.Response, 201, StatusObjects.Success());
    }

    private void SetCondition(JsonObject pod, string type, string status, string? reason)
    {
        var podStatus = pod["status"] as JsonObject ?? new JsonObject();
        pod["status"] = podStatus;
        var conditions = podStatus["conditions"] as JsonArray ?? new JsonArray();
        podStatus["conditions"] = conditions;
        var existing = conditions.OfType<JsonObject>().FirstOrDefault(c => c["type"]?.GetValue<string>() == type);
        if (existing is null)
        {
            existing = new JsonObject { ["type"] = type };
            conditions.Add(existing);
        }

        existing["status"] = status;
        existing["lastProbeTime"] = null;
        existing["lastTransitionTime"] = ObjectMetadata.Timestamp(_time.GetUtcNow());
        if (reason is not null)
        {
            existing["reason"] = reason;
        }
    }

    // Reviews are answered, never kept. Every authenticated caller may do everything for now.
    // TODO: evaluate RBAC roles and bindings once they are served; until then access reviews always allow.
    private static async Task ReviewAsync(HttpContext context, ResourcePath path)
    {
        var review = (await RequestBodyReader.ReadObjectAsync(context.Request, context.RequestAborted)).AsObject();
        review["apiVersion"] = path.Resource.ApiVersion;
        review["kind"] = path.Resource.Kind;
        review["status"] = new JsonObject { ["allowed"] = true, ["reason"] = "every authenticated user is an admin" };
        await ResponseWriter.WriteJsonAsync(context.Response, 201, review);
    }
}
