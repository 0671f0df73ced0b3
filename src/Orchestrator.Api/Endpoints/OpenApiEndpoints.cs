using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Orchestrator.Api.OpenApi;
using Orchestrator.Api.Server;

namespace Orchestrator.Api.Endpoints;

/// <summary>
/// Serves the OpenAPI v3 documents kubectl reads for server-side validation, patch metadata and explain: the root
/// lists one document per group-version by a content-hash URL, and a document fetched by its current hash may be
/// cached for good, as kube-apiserver allows. <c>GET /openapi/v2</c> serves the single Swagger 2.0 document that
/// kubectl before 1.30 reads instead, as protobuf when the Accept header asks for it and as JSON otherwise.
/// </summary>
public static class OpenApiEndpoints
{
    public static IEndpointRouteBuilder MapOpenApiDocuments(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/openapi/v3", (HttpContext context) =>
        {
            var documents = context.RequestServices.GetRequiredService<OpenApiDocuments>();
            context.Response.Headers.CacheControl = "no-cache, private";
            return ResponseWriter.WriteJsonAsync(context.Response, 200, documents.Root());
        });
        endpoints.MapGet("/openapi/v3/{**path}", ServeDocumentAsync);
        endpoints.MapGet("/openapi/v2", ServeSwaggerAsync);
        return endpoints;
    }

    private static async Task ServeDocumentAsync(HttpContext context)
    {
        var documents = context.RequestServices.GetRequiredService<OpenApiDocuments>();
        var path = (string?)context.GetRouteValue("path") ?? "";
        if (documents.ForGroupVersion(path) is not { } document)
        {
            await ResponseWriter.WriteErrorAsync(context.Response, ApiErrors.NoSuchPath());
            return;
        }

        var etag = $"\"{document.Hash}\"";
        context.Response.Headers.ETag = etag;
        context.Response.Headers.CacheControl = context.Request.Query["hash"] == document.Hash
            ? "public, immutable"
            : "no-cache, private";
        if (context.Request.Headers.IfNoneMatch == etag)
        {
            context.Response.StatusCode = StatusCodes.Status304NotModified;
            return;
        }

        context.Response.StatusCode = 200;
        context.Response.ContentType = "application/json";
        await context.Response.Body.WriteAsync(document.Json, context.RequestAborted);
    }

    private static async Task ServeSwaggerAsync(HttpContext context)
    {
        var document = context.RequestServices.GetRequiredService<OpenApiV2Document>();
        var protobuf = OpenApiV2Document.WantsProtobuf(context.Request.Headers.Accept.ToString());
        var etag = protobuf ? document.ProtobufETag : document.JsonETag;
        context.Response.Headers.ETag = etag;
        context.Response.Headers.Vary = "Accept";
        context.Response.Headers.CacheControl = "no-cache, private";
        if (context.Request.Headers.IfNoneMatch == etag)
        {
            context.Response.StatusCode = StatusCodes.Status304NotModified;
            return;
        }

        var body = protobuf ? document.Protobuf : document.Json;
        context.Response.StatusCode = 200;
        context.Response.ContentType = protobuf ? OpenApiV2Document.ProtobufContentType : "application/json";
        context.Response.ContentLength = body.Length;
        await context.Response.Body.WriteAsync(body, context.RequestAborted);
    }
}
