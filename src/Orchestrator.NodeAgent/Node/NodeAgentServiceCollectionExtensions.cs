using Orchestrator.NodeAgent.Cri;
using Orchestrator.NodeAgent.Pods;
using Orchestrator.Store;

namespace Orchestrator.NodeAgent.Node;

/// <summary>Registers the real node agent: the Node's status reporter and the pod synchronizer.</summary>
public static class NodeAgentServiceCollectionExtensions
{
    /// <summary>
    /// When <c>Simulation:NodeCount</c> is 0 and <c>NodeAgent:ContainerdSocket</c> is set: binds
    /// <see cref="NodeAgentOptions"/> from the <c>NodeAgent</c> section (region label defaulting to
    /// <c>Orchestrator:Region</c>), adds the object store of <c>ConnectionStrings:Region</c> (unless one is already
    /// registered), the CRI client, <see cref="NodeStatusReporter"/> and <see cref="PodSynchronizer"/>. Otherwise
    /// adds nothing. Throws when a setting is invalid.
    /// </summary>
    public static IServiceCollection AddNodeAgent(this IServiceCollection services, IConfiguration configuration)
    {
        if (!IsEnabled(configuration))
        {
            return services;
        }

        var options = new NodeAgentOptions { Region = configuration["Orchestrator:Region"] };
        configuration.GetSection("NodeAgent").Bind(options);

        options.Validate();
        services.AddSingleton(options);
        if (!services.Any(s => s.ServiceType == typeof(IObjectStore)))
        {
            var connectionString = configuration.GetConnectionString("Region");
            if (string.IsNullOrEmpty(connectionString))
            {
                throw new InvalidOperationException(
                    "ConnectionStrings:Region is empty; the node agent needs the region's database");
            }

            services.AddObjectStore(connectionString);
        }

        services.AddSingleton(_ => ContainerRuntimeClient.ForUnixSocket(options.ContainerdSocket!));
        services.AddHostedService<NodeStatusReporter>();
        services.AddHostedService<PodSynchronizer>();
        return services;
    }

    /// <summary>Whether the process is a real node agent: no simulated nodes, a containerd socket set.</summary>
    public static bool IsEnabled(IConfiguration configuration) =>
        configuration.GetValue<int>("Simulation:NodeCount") == 0 &&
        !string.IsNullOrEmpty(configuration["NodeAgent:ContainerdSocket"]);
}
