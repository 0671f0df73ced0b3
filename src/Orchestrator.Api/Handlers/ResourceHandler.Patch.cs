using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Orchestrator.Api.Apply;
using Orchestrator.Api.Formats;
using Orchestrator.Api.Patching;
using Orchestrator.Api.Server;

namespace Orchestrator.Api.Handlers;

public sealed partial class ResourceHandler
{
    private async Task PatchAsync(HttpContext context, ResourcePath path, QueryOptions query)
    {
        var body = await RequestBodyReader.ReadPatchAsync(context.Request, context.RequestAborted);
        if (body.MediaType == RequestBodyReader.ApplyPatchYaml)
        {
            await ApplyAsync(context, path, query, body);
            return;
        }

        if (query.Has("force"))
        {
            throw ApiErrors.Invalid("PatchOptions", "meta.k8s.io", "", [new StatusCause("FieldValueForbidden",
                "Forbidden: may not be specified for non-apply patch", "force")]);
        }

        var precondition = (body.Value as JsonObject)?["metadata"]?["resourceVersion"]?.GetValue<string>();
        var updated = await UpdateObjectAsync(context, path, query.IsDryRun, precondition,
            (current, _) => MergeForUpdate(path.Resource, current, PatchObject(path, current, body)),
            body.DuplicateFields);
        await WriteObjectAsync(context, path, updated, 200);
    }

    /// <summary>The object after a JSON patch, JSON merge patch or strategic merge patch.</summary>
    private JsonObject PatchObject(ResourcePath path, JsonObject current, RequestBody body)
    {
        var patched = body.MediaType switch
        {
            RequestBodyReader.JsonPatch => JsonPatch.Apply(current, body.Value as JsonArray
                ?? throw ApiErrors.BadRequest("json: cannot unmarshal object into Go value of type jsonpatch.Patch")),
            RequestBodyReader.MergePatch => JsonMergePatch.Apply(current, body.AsObject()),
            _ => StrategicMergePatch.Apply(current, body.AsObject(), SchemaOf(path.Resource)),
        };
        return patched as JsonObject ?? throw ApiErrors.BadRequest("the patch must produce an object");
    }

    // Server-side apply: the applier's configuration merged into the live object (or a new one), with ownership.
    private async Task ApplyAsync(HttpContext context, ResourcePath path, QueryOptions query, RequestBody body)
    {
        var manager = context.Request.Query["fieldManager"].ToString();
        if (manager.Length == 0)
        {
            throw ApiErrors.Invalid("PatchOptions", "meta.k8s.io", "", [new StatusCause("FieldValueRequired",
                "Required value: is required for apply patch", "fieldManager")]);
        }

        var applied = body.AsObject();
        var appliedVersion = applied["apiVersion"]?.ToString() ?? "";
        if (appliedVersion != path.Resource.ApiVersion)
        {
            throw ApiErrors.BadRequest("Incorrect version specified in apply patch. Specified patch version: " +
                $"{appliedVersion}, expected: {path.Resource.ApiVersion}");
        }

        if (applied["kind"]?.ToString() is not { Length: > 0 } appliedKind || appliedKind != path.Resource.Kind)
        {
            throw ApiErrors.BadRequest($"Incorrect kind specified in apply patch. Specified patch kind: " +
                $"{applied["kind"]}, expected: {path.Resource.Kind}");
        }

        CheckIdentity(path, applied, path.Name);
        var force = query.GetBool("force");
        var schema = SchemaOf(path.Resource)
            ?? throw ApiErrors.UnsupportedMediaType(body.MediaType, RequestBodyReader.MergePatch);
        var existing = await _store.GetAsync(KeyOf(path, path.Name!), context.RequestAborted);
        if (existing is null)
        {
            var fresh = ServerSideApply.Apply(null, applied, manager, force, schema, _time.GetUtcNow());
            var created = await CreateObjectAsync(
                context, path, fresh, body.DuplicateFields, query.IsDryRun, trackFields: false);
            await WriteObjectAsync(context, path, created, 201);
            return;
        }

        var precondition = applied["metadata"]?["resourceVersion"]?.GetValue<string>();
        var updated = await UpdateObjectAsync(context, path, query.IsDryRun, precondition,
            (current, _) => MergeForUpdate(path.Resource, current,
                ServerSideApply.Apply(current, applied, manager, force, schema, _time.GetUtcNow())),
            body.DuplicateFields, trackFields: false);
        await WriteObjectAsync(context, path, updated, 200);
    }
}
