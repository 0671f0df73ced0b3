namespace Orchestrator.NodeAgent.Node;

/// <summary>Binds the agent's HTTP server to the port its Node advertises.</summary>
public static class NodeAgentWebHostExtensions
{
    /// <summary>
    /// When the real node agent runs (see <see cref="NodeAgentServiceCollectionExtensions.AddNodeAgent"/>), makes the
    /// web host listen on every address at <c>NodeAgent:Port</c> (default 10250), the kubelet endpoint the Node
    /// advertises; otherwise leaves the host's URLs as configured.
    /// </summary>
    public static IWebHostBuilder UseNodeAgentPort(this IWebHostBuilder builder, IConfiguration configuration)
    {
        if (!NodeAgentServiceCollectionExtensions.IsEnabled(configuration))
        {
            return builder;
        }

        var port = configuration.GetValue("NodeAgent:Port", 10250);
        return builder.UseUrls($"http://0.0.0.0:{port}");
    }
}
