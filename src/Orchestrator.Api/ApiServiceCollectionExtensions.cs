using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Orchestrator.Api.Discovery;
using Orchestrator.Api.Handlers;
using Orchestrator.Api.Lifecycle;
using Orchestrator.Api.Networking;
using Orchestrator.Api.OpenApi;
using Orchestrator.Api.Resources;
using Orchestrator.Api.Schema;

namespace Orchestrator.Api;

/// <summary>Registers the Kubernetes API: catalog, schemas, handlers and the lifecycle controllers.</summary>
public static class ApiServiceCollectionExtensions
{
    public static IServiceCollection AddKubernetesApi(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(ResourceCatalog.Default);
        services.AddSingleton<ISchemaCatalog>(ModelSchemaCatalog.Default);
        services.AddSingleton<DiscoveryDocuments>();
        services.AddSingleton<OpenApiDocuments>();
        services.AddSingleton<OpenApiV2Document>();
        services.AddSingleton<ObjectLifecycle>();
        services.TryAddSingleton(new ServiceNetworkOptions());
        services.AddSingleton<ServiceAddressAllocator>();
        services.AddSingleton<ResourceHandler>();
        services.AddHttpForwarder();
        services.AddHostedService<GarbageCollector>();
        return services;
    }
}
