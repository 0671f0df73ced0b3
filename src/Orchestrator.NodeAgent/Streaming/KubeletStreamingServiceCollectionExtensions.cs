using Microsoft.Extensions.DependencyInjection.Extensions;
using Orchestrator.NodeAgent.Cri;

namespace Orchestrator.NodeAgent.Streaming;

/// <summary>Registers what the agent's kubelet paths need (see <see cref="KubeletStreamingEndpoints"/>).</summary>
public static class KubeletStreamingServiceCollectionExtensions
{
    /// <summary>
    /// Binds <see cref="KubeletStreamingOptions"/> from the <c>NodeAgent</c> section and adds the CRI client of its
    /// socket (unless one is registered already), the container locator and YARP's forwarder.
    /// </summary>
    public static IServiceCollection AddKubeletStreaming(this IServiceCollection services, IConfiguration configuration)
    {
        var options = new KubeletStreamingOptions();
        configuration.GetSection("NodeAgent").Bind(options);
        services.AddSingleton(options);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(_ => ContainerRuntimeClient.ForUnixSocket(options.ContainerdSocket));
        services.TryAddSingleton<ContainerLocator>();
        services.AddHttpForwarder();
        return services;
    }
}
