using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orchestrator.Api.Discovery;
using Orchestrator.Api.Handlers;
using Orchestrator.Api.Resources;
using Orchestrator.Api.Server;

namespace Orchestrator.Api.Endpoints;

/// <summary>Maps the Kubernetes API: discovery documents and every resource path.</summary>
public static partial class KubernetesApiEndpoints
{
    public static IEndpointRouteBuilder MapKubernetesApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.Map("/api", context => Answer(context, () => DiscoveryAsync(context, core: true)));
        endpoints.Map("/apis", context => Answer(context, () => DiscoveryAsync(context, core: false)));
        endpoints.Map("/api/{version}", context => Answer(context,
            () => LegacyResourcesAsync(context, "", (string)context.GetRouteValue("version")!)));
        endpoints.Map("/apis/{group}", context => Answer(context, () => LegacyGroupAsync(context)));
        endpoints.Map("/apis/{group}/{version}", context => Answer(context, () => LegacyResourcesAsync(context,
            (string)context.GetRouteValue("group")!, (string)context.GetRouteValue("version")!)));
        endpoints.Map("/api/{version}/{**rest}", context => Answer(context, () => ResourceAsync(context, "")));
        endpoints.Map("/apis/{group}/{version}/{**rest}", context => Answer(context,
            () => ResourceAsync(context, (string)context.GetRouteValue("group")!)));
        endpoints.MapFallback(context => Answer(context, () => throw ApiErrors.NoSuchPath()));
        return endpoints;
    }

    private static Task DiscoveryAsync(HttpContext context, bool core)
    {
        var documents = context.RequestServices.GetRequiredService<DiscoveryDocuments>();
        if (DiscoveryDocuments.AggregatedVersionWanted(context.Request.Headers.Accept.ToString()) is { } version)
        {
            return ResponseWriter.WriteJsonAsync(context.Response, 200, documents.Aggregated(core, version),
                DiscoveryDocuments.AggregatedContentTypeOf(version));
        }

        JsonObject legacy = core
            ? DiscoveryDocuments.LegacyCoreVersions(context.Request.Host.Value ?? "")
            : documents.LegacyGroups();
        return ResponseWriter.WriteJsonAsync(context.Response, 200, legacy);
    }

    private static Task LegacyGroupAsync(HttpContext context)
    {
        var documents = context.RequestServices.GetRequiredService<DiscoveryDocuments>();
        var group = documents.LegacyGroup((string)context.GetRouteValue("group")!) ?? throw ApiErrors.NoSuchPath();
        return ResponseWriter.WriteJsonAsync(context.Response, 200, group);
    }

    private static Task LegacyResourcesAsync(HttpContext context, string group, string version)
    {
        var documents = context.RequestServices.GetRequiredService<DiscoveryDocuments>();
        var list = documents.LegacyResources(group, version) ?? throw ApiErrors.NoSuchPath();
        return ResponseWriter.WriteJsonAsync(context.Response, 200, list);
    }

    private static Task ResourceAsync(HttpContext context, string group)
    {
        var catalog = context.RequestServices.GetRequiredService<ResourceCatalog>();
        var version = (string)context.GetRouteValue("version")!;
        var rest = ((string?)context.GetRouteValue("rest") ?? "").Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (rest is ["watch", ..])
        {
            // The deprecated watch paths: /api/v1/watch/namespaces/{ns}/{resource}[/{name}].
            rest = rest[1..];
            context.Items[ResourceHandler.LegacyWatchKey] = true;
        }

        var path = ResourcePath.Parse(catalog, group, version, rest) ?? throw ApiErrors.NoSuchPath();
        return context.RequestServices.GetRequiredService<ResourceHandler>().HandleAsync(context, path);
    }

    // Every failure becomes a Status with Kubernetes' code and reason; unexpected ones are logged once, here.
    private static async Task Answer(HttpContext context, Func<Task> work)
    {
        try
        {
            await work();
        }
        catch (Exception error) when (ApiErrorTranslation.Translate(error) is { } api)
        {
            await WriteErrorIfPossibleAsync(context, api);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client left.
        }
        catch (Exception error)
        {
            var logger = context.RequestServices.GetRequiredService<ILoggerFactory>()
                .CreateLogger(typeof(KubernetesApiEndpoints));
            LogUnexpected(logger, context.Request.Method, context.Request.Path, error);
            await WriteErrorIfPossibleAsync(context, ApiErrors.Internal($"an error on the server: {error.Message}"));
        }
    }

    private static Task WriteErrorIfPossibleAsync(HttpContext context, ApiException error) =>
        context.Response.HasStarted ? Task.CompletedTask : ResponseWriter.WriteErrorAsync(context.Response, error);

    [LoggerMessage(3000, LogLevel.Error, "Request {Method} {Path} failed")]
    private static partial void LogUnexpected(ILogger logger, string method, string path, Exception error);
}
