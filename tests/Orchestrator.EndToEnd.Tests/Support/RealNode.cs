using System.Globalization;
using Orchestrator.Testing;

namespace Orchestrator.EndToEnd.Tests.Support;

/// <summary>
/// A real node joined to a stack: a containerd of its own (started by the project's scripts, busybox and pause
/// images imported) and the node agent process running pods on it; returns once kubectl shows the node Ready.
/// </summary>
internal sealed class RealNode : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(180);

    private readonly TestContainerd _containerd;
    private readonly StackProcess _agent;

    private RealNode(string name, TestContainerd containerd, StackProcess agent, int port)
    {
        Name = name;
        _containerd = containerd;
        _agent = agent;
        Port = port;
    }

    /// <summary>The node's name.</summary>
    public string Name { get; }

    /// <summary>The agent's HTTP port.</summary>
    public int Port { get; }

    /// <summary>The agent's output, for failure messages.</summary>
    public string Output => _agent.Output;

    public static async Task<RealNode> StartAsync(ApiStack stack, string name)
    {
        var containerd = await TestContainerd.StartAsync(name);
        try
        {
            var port = FreePorts.Next();
            var agent = await StackProcess.StartAsync($"node agent {name}",
                RepositoryPaths.Program("Orchestrator.NodeAgent"),
                new Dictionary<string, string>
                {
                    ["ConnectionStrings__Region"] = stack.DatabaseConnectionString,
                    ["Orchestrator__Region"] = "e2e",
                    ["NodeAgent__NodeName"] = name,
                    ["NodeAgent__ContainerdSocket"] = containerd.Socket,
                    ["NodeAgent__Port"] = port.ToString(CultureInfo.InvariantCulture),
                    ["NodeAgent__Zone"] = "e2e-" + name,
                },
                () => ApiStack.IsOkAsync($"http://127.0.0.1:{port}/healthz"), StartTimeout);
            var node = new RealNode(name, containerd, agent, port);
            var kubectl = stack.Kubectl();
            await Eventually.HoldsAsync($"node {name} Ready", StartTimeout, async () =>
                (await kubectl.RunAsync("get", "node", name, "-o",
                    "jsonpath={.status.conditions[?(@.type==\"Ready\")].status}")).Output == "True");
            return node;
        }
        catch
        {
            await containerd.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _agent.DisposeAsync();
        await _containerd.DisposeAsync();
    }
}
