using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Orchestrator.Api.Apply;
using Orchestrator.Api.Defaults;
using Orchestrator.Api.Resources;
using Orchestrator.Api.Server;
using Orchestrator.Api.Validation;

namespace Orchestrator.Api.Handlers;

public sealed partial class ResourceHandler
{
    /// <summary>The largest object the store keeps, as etcd's default request limit.</summary>
    public const int MaxObjectBytes = 1536 * 1024;

    /// <summary>
    /// Checks the identity fields of a body against the request: apiVersion and kind, if given, must be the
    /// resource's; the namespace, if given, must be the path's; the name, if given, must be the path's.
    /// </summary>
    private static void CheckIdentity(ResourcePath path, JsonObject obj, string? name)
    {
        var resource = path.Resource;
        var apiVersion = obj["apiVersion"]?.GetValue<string>();
        var kind = obj["kind"]?.GetValue<string>();
        if ((!string.IsNullOrEmpty(apiVersion) && apiVersion != resource.ApiVersion) ||
            (!string.IsNullOrEmpty(kind) && kind != resource.Kind))
        {
            throw ApiErrors.BadRequest(
                $"the API version in the data ({apiVersion}) does not match the expected API version " +
                $"({resource.ApiVersion})" + (kind != resource.Kind ? $" or kind {kind} is not {resource.Kind}" : ""));
        }

        obj["apiVersion"] = resource.ApiVersion;
        obj["kind"] = resource.Kind;
        var metadata = obj["metadata"] as JsonObject ?? new JsonObject();
        obj["metadata"] = metadata;
        if (resource.IsNamespaced)
        {
            var ns = metadata["namespace"]?.GetValue<string>();
            if (!string.IsNullOrEmpty(ns) && ns != path.Namespace)
            {
                throw ApiErrors.BadRequest(
                    "the namespace of the provided object does not match the namespace sent on the request");
            }

            metadata["namespace"] = path.Namespace;
        }
        else
        {
            metadata.Remove("namespace");
        }

        var bodyName = metadata["name"]?.GetValue<string>();
        if (name is not null && !string.IsNullOrEmpty(bodyName) && bodyName != name)
        {
            throw ApiErrors.BadRequest(
                $"the name of the object ({bodyName}) does not match the name on the URL ({name})");
        }

        if (name is not null)
        {
            metadata["name"] = name;
        }
    }

    /// <summary>
    /// What every write goes through before the store: unknown and duplicate fields by <c>fieldValidation</c>,
    /// defaults, validation (every error at once, as one 422), managed fields, and the size limit.
    /// </summary>
    private void Admit(
        HttpContext context, ResourceDefinition resource, JsonObject obj, JsonObject? old,
        IReadOnlyList<string> duplicateFields, string manager, bool trackFields = true, string? subresource = null)
    {
        CheckFields(context, resource, obj, duplicateFields);
        if (SchemaOf(resource) is { } typed && ValueTypeCheck.FindMismatch(obj, typed, resource.Kind) is { } mismatch)
        {
            throw ApiErrors.BadRequest($"{resource.Kind} in version \"{resource.Version}\" cannot be handled as a " +
                $"{resource.Kind}: {mismatch}");
        }

        MergeStringData(resource, obj);
        ObjectDefaults.Apply(resource, obj);

        var causes = ObjectValidator.Validate(resource, obj, old);
        if (causes.Count > 0)
        {
            throw ApiErrors.Invalid(resource.Kind, resource.Group, NameOf(obj), causes);
        }

        if (trackFields && SchemaOf(resource) is { } schema)
        {
            ManagedFieldsTracker.RecordUpdate(old, obj, manager, resource.ApiVersion, schema, _time.GetUtcNow(),
                subresource, resetFields: null);
        }

        if (Encoding.UTF8.GetByteCount(obj.ToJsonString()) > MaxObjectBytes)
        {
            throw ApiErrors.TooLarge($"Request entity too large: limit is {MaxObjectBytes}");
        }
    }

    // Unknown and duplicate fields, as the fieldValidation parameter says: Strict refuses them with 400, Warn (the
    // default) warns, and both Warn and Ignore drop unknown fields as Kubernetes' decoding does.
    private void CheckFields(
        HttpContext context, ResourceDefinition resource, JsonObject obj, IReadOnlyList<string> duplicateFields)
    {
        var directive = FieldValidation.ParseDirective(context.Request.Query["fieldValidation"].ToString());
        if (SchemaOf(resource) is not { } schema)
        {
            return;
        }

        var unknown = directive == FieldValidationDirective.Strict
            ? FieldValidation.FindUnknownFields(obj, schema)
            : FieldValidation.RemoveUnknownFields(obj, schema);
        var problems = FieldValidation.Problems(duplicateFields, unknown);
        if (problems.Count == 0 || directive == FieldValidationDirective.Ignore)
        {
            return;
        }

        if (directive == FieldValidationDirective.Strict)
        {
            throw FieldValidation.StrictDecodingError(resource.Kind, resource.Version, problems);
        }

        foreach (var problem in problems)
        {
            context.Response.Headers.Append("Warning", FieldValidation.WarningHeaderValue(problem));
        }
    }

    // A Secret's stringData is write-only: its entries go into data, base64-encoded, and it is never stored.
    private static void MergeStringData(ResourceDefinition resource, JsonObject obj)
    {
        if (resource.Kind != "Secret" || resource.Group.Length != 0 || obj["stringData"] is not JsonObject strings)
        {
            obj.Remove("stringData");
            return;
        }

        var data = obj["data"] as JsonObject ?? new JsonObject();
        obj["data"] = data;
        foreach (var (key, value) in strings)
        {
            data[key] = Convert.ToBase64String(Encoding.UTF8.GetBytes(value?.GetValue<string>() ?? ""));
        }

        obj.Remove("stringData");
    }

    private static string OptionsKindOf(HttpContext context) => context.Request.Method switch
    {
        "PUT" => "UpdateOptions",
        "PATCH" => "PatchOptions",
        _ => "CreateOptions",
    };

    private static string NameOf(JsonObject obj) => obj["metadata"]?["name"]?.GetValue<string>() ?? "";

    /// <summary>The field manager of a write: the <c>fieldManager</c> parameter, else the client's name.</summary>
    private static string ManagerOf(HttpContext context)
    {
        var manager = context.Request.Query["fieldManager"].ToString();
        if (manager.Length > 128)
        {
            throw ApiErrors.Invalid(OptionsKindOf(context), "meta.k8s.io", "", [new StatusCause(
                "FieldValueTooLong", "Too long: may not be more than 128 bytes", "fieldManager")]);
        }

        if (manager.Length > 0)
        {
            return manager;
        }

        var agent = context.Request.Headers.UserAgent.ToString();
        var slash = agent.IndexOf('/');
        return slash > 0 ? agent[..slash] : agent.Length > 0 ? agent : "unknown";
    }
}
