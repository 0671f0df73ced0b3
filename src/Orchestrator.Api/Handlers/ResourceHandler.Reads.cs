using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Orchestrator.Api.Resources;
using Orchestrator.Api.Server;
using Orchestrator.Api.Tables;
using Orchestrator.Store.Errors;
using Orchestrator.Store.Objects;
using Orchestrator.Store.Selection;

namespace Orchestrator.Api.Handlers;

public sealed partial class ResourceHandler
{
    private async Task GetAsync(HttpContext context, ResourcePath path)
    {
        var stored = await GetExistingAsync(path, context.RequestAborted);
        await WriteObjectAsync(context, path, ObjectConversion.ToServed(path.Resource, stored.ToJsonObject()), 200);
    }

    private async Task ListAsync(HttpContext context, ResourcePath path, QueryOptions query)
    {
        var request = ParseList(path, query);
        ListResult page;
        try
        {
            page = await _store.ListAsync(request, context.RequestAborted);
        }
        catch (ResourceExpiredException expired)
        {
            throw expired.FreshContinue is { } fresh
                ? ApiErrors.ExpiredWithContinue(expired.Message, fresh)
                : ApiErrors.Expired(expired.Message);
        }

        var metadata = new JsonObject { ["resourceVersion"] = Revision(page.Revision) };
        if (page.Continue is not null)
        {
            metadata["continue"] = page.Continue;
        }

        var objects = page.Items.Select(i => ObjectConversion.ToServed(path.Resource, i.ToJsonObject())).ToList();
        var form = FormOf(context);
        switch (form)
        {
            case ResponseForm.Table:
                var table = TableRenderer.Render(path.Resource, objects, _time.GetUtcNow());
                table["metadata"] = metadata;
                await ResponseWriter.WriteJsonAsync(context.Response, 200, table, ResponseWriter.TableContentType);
                return;
            case ResponseForm.PartialMetadata:
                var partials = new JsonObject
                {
                    ["kind"] = "PartialObjectMetadataList",
                    ["apiVersion"] = "meta.k8s.io/v1",
                    ["metadata"] = metadata,
                    ["items"] = new JsonArray(objects.Select(o => (JsonNode)TableRenderer.PartialObjectMetadata(o))
                        .ToArray()),
                };
                await ResponseWriter.WriteJsonAsync(
                    context.Response, 200, partials, ResponseWriter.PartialListContentType);
                return;
        }

        var list = new JsonObject
        {
            ["kind"] = path.Resource.ListKind,
            ["apiVersion"] = path.Resource.ApiVersion,
            ["metadata"] = metadata,
            ["items"] = new JsonArray(objects.Select(o => (JsonNode)o).ToArray()),
        };
        await ResponseWriter.WriteAsync(context.Response, 200, list, form);
    }

    private async Task WriteObjectAsync(HttpContext context, ResourcePath path, JsonObject obj, int statusCode)
    {
        var form = FormOf(context);
        switch (form)
        {
            case ResponseForm.Table:
                var table = TableRenderer.Render(path.Resource, [obj], _time.GetUtcNow());
                table["metadata"] = new JsonObject
                {
                    ["resourceVersion"] = obj["metadata"]?["resourceVersion"]?.DeepClone(),
                };
                await ResponseWriter.WriteJsonAsync(
                    context.Response, statusCode, table, ResponseWriter.TableContentType);
                return;
            case ResponseForm.PartialMetadata:
                await ResponseWriter.WriteJsonAsync(context.Response, statusCode,
                    TableRenderer.PartialObjectMetadata(obj), ResponseWriter.PartialContentType);
                return;
            default:
                await ResponseWriter.WriteAsync(context.Response, statusCode, obj, form);
                return;
        }
    }

    private static ResponseForm FormOf(HttpContext context) =>
        context.Items[FormKey] as ResponseForm? ?? ResponseForm.Json;

    private static ListRequest ParseList(ResourcePath path, QueryOptions query)
    {
        var filter = ParseFilter(path, query);
        var limit = query.GetLong("limit") ?? 0;
        if (limit < 0)
        {
            throw ApiErrors.BadRequest($"limit must be positive, not {limit}");
        }

        if (query.Has("sendInitialEvents"))
        {
            throw InvalidListOptions("sendInitialEvents", "Forbidden: sendInitialEvents is forbidden for list");
        }

        var continueToken = query.Get("continue");
        var revisionText = query.Get("resourceVersion");
        var matchText = query.Get("resourceVersionMatch");
        if (!string.IsNullOrEmpty(continueToken) && !string.IsNullOrEmpty(revisionText) && revisionText != "0")
        {
            throw ApiErrors.BadRequest("specifying resource version is not allowed when using continue");
        }

        var revision = ParseRevision(revisionText);
        if (!string.IsNullOrEmpty(matchText) && string.IsNullOrEmpty(revisionText))
        {
            throw InvalidListOptions("resourceVersionMatch",
                "Forbidden: resourceVersionMatch is forbidden unless resourceVersion is provided");
        }

        var match = matchText switch
        {
            null or "" when revision == 0 => RevisionMatch.Latest,
            null or "" => RevisionMatch.NotOlderThan,
            "NotOlderThan" when revision == 0 => RevisionMatch.Latest,
            "NotOlderThan" => RevisionMatch.NotOlderThan,
            "Exact" when revision == 0 => throw InvalidListOptions("resourceVersionMatch",
                "Forbidden: resourceVersionMatch \"exact\" is forbidden for resourceVersion \"0\""),
            "Exact" => RevisionMatch.Exact,
            _ => throw InvalidListOptions("resourceVersionMatch",
                $"Unsupported value: \"{matchText}\": supported values: \"Exact\", \"NotOlderThan\", \"\""),
        };

        return new ListRequest(path.Resource.StorageKey)
        {
            Namespace = path.Resource.IsNamespaced ? path.Namespace : null,
            Filter = filter,
            Limit = (int)Math.Min(limit, 100_000),
            Continue = string.IsNullOrEmpty(continueToken) ? null : continueToken,
            Revision = revision,
            Match = match,
        };
    }

    private static ApiException InvalidListOptions(string field, string message) =>
        ApiErrors.Invalid("ListOptions", "meta.k8s.io", "", [new StatusCause("FieldValueInvalid", message, field)]);

    private static ObjectFilter ParseFilter(ResourcePath path, QueryOptions query)
    {
        try
        {
            var labels = LabelSelector.Parse(query.Get("labelSelector"));
            var fields = FieldSelector.Parse(
                ObjectConversion.StoredFieldSelector(path.Resource, query.Get("fieldSelector")));
            SelectableFields.Check(path.Resource, fields);
            return new ObjectFilter(labels, fields);
        }
        catch (InvalidRequestException invalid)
        {
            throw ApiErrors.BadRequest(invalid.Message);
        }
    }

    private static long ParseRevision(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return 0;
        }

        return long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var revision)
            ? revision
            : throw ApiErrors.BadRequest($"invalid resource version \"{text}\"");
    }

    private static string Revision(long revision) => revision.ToString(CultureInfo.InvariantCulture);
}
