using Orchestrator.Api.Networking;

namespace Orchestrator.ControlPlane.Networking;

/// <summary>Registers the service network: its ranges, the endpoints controller and the allocation repair.</summary>
public static class NetworkingServiceCollectionExtensions
{
    /// <summary>
    /// Binds <see cref="ServiceNetworkOptions"/> from the <c>ServiceNetwork</c> section and runs the endpoints
    /// controller and the repair of service allocations on this silo.
    /// </summary>
    public static IServiceCollection AddServiceNetworking(
        this IServiceCollection services, IConfiguration configuration)
    {
        var options = new ServiceNetworkOptions();
        configuration.GetSection(ServiceNetworkOptions.Section).Bind(options);
        options.ParseRange();
        services.AddSingleton(options);
        services.AddHostedService<EndpointsController>();
        services.AddHostedService<ServiceAllocationRepair>();
        return services;
    }
}
