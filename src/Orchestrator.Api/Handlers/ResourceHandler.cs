using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Orchestrator.Api.Lifecycle;
using Orchestrator.Api.Networking;
using Orchestrator.Api.Resources;
using Orchestrator.Api.Schema;
using Orchestrator.Api.Server;
using Orchestrator.Store;
using Orchestrator.Store.Objects;

namespace Orchestrator.Api.Handlers;

/// <summary>
/// Serves the verbs of every stored resource: get, list, watch, create, update, patch, delete and deletecollection,
/// and the status, scale, binding and eviction subresources, backed by the object store.
/// </summary>
public sealed partial class ResourceHandler
{
    /// <summary>Marks a request that came by a deprecated <c>/watch/</c> path, which always watches.</summary>
    public static readonly object LegacyWatchKey = new();

    private static readonly object FormKey = new();

    private readonly IObjectStore _store;
    private readonly ResourceCatalog _catalog;
    private readonly ISchemaCatalog _schemas;
    private readonly ObjectLifecycle _lifecycle;
    private readonly ServiceAddressAllocator _addresses;
    private readonly TimeProvider _time;
    private readonly ILogger<ResourceHandler> _logger;

    public ResourceHandler(
        IObjectStore store,
        ResourceCatalog catalog,
        ISchemaCatalog schemas,
        ObjectLifecycle lifecycle,
        ServiceAddressAllocator addresses,
        TimeProvider time,
        ILogger<ResourceHandler> logger)
    {
        _store = store;
        _catalog = catalog;
        _schemas = schemas;
        _lifecycle = lifecycle;
        _addresses = addresses;
        _time = time;
        _logger = logger;
    }

    /// <summary>Answers one request for a resource path.</summary>
    public Task HandleAsync(HttpContext context, ResourcePath path)
    {
        var method = context.Request.Method;
        var query = new QueryOptions(context.Request.Query)
        {
            OptionsKind = method switch
            {
                "PUT" => "UpdateOptions",
                "PATCH" => "PatchOptions",
                "DELETE" => "DeleteOptions",
                _ => "CreateOptions",
            },
        };

        // Chosen before anything is done, so a request the API cannot answer in a wanted form changes nothing.
        context.Items[FormKey] = ContentNegotiation.Negotiate(context.Request);
        if (path.Subresource is not null)
        {
            return HandleSubresourceAsync(context, path, query);
        }

        if (!path.Resource.IsPersisted)
        {
            return method == HttpMethods.Post && path.IsCollection
                ? ReviewAsync(context, path)
                : throw ApiErrors.MethodNotSupported(path.Resource);
        }

        return (method, path.IsCollection) switch
        {
            ("GET", _) when query.GetBool("watch") || context.Items.ContainsKey(LegacyWatchKey) =>
                WatchAsync(context, path, query),
            ("GET", true) => ListAsync(context, path, query),
            ("GET", false) => GetAsync(context, path),
            ("POST", true) when path.Namespace is not null || !path.Resource.IsNamespaced =>
                CreateAsync(context, path, query),
            ("PUT", false) => UpdateAsync(context, path, query),
            ("PATCH", false) => PatchAsync(context, path, query),
            ("DELETE", false) => DeleteAsync(context, path, query),
            ("DELETE", true) when path.Resource.Verbs.Contains("deletecollection") =>
                DeleteCollectionAsync(context, path, query),
            _ => throw ApiErrors.MethodNotSupported(path.Resource),
        };
    }

    private static ObjectKey KeyOf(ResourcePath path, string name) =>
        new(path.Resource.StorageKey, path.Resource.IsNamespaced ? path.Namespace ?? "" : "", name);

    private async Task<StoredObject> GetExistingAsync(ResourcePath path, CancellationToken cancellationToken) =>
        await _store.GetAsync(KeyOf(path, path.Name!), cancellationToken)
        ?? throw ApiErrors.NotFound(path.Resource, path.Name!);

    private SchemaNode? SchemaOf(ResourceDefinition resource) =>
        _schemas.FindKind(resource.Group, resource.Version, resource.Kind);
}
