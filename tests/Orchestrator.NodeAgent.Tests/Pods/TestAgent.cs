using Microsoft.Extensions.Logging.Abstractions;
using Orchestrator.NodeAgent.Cri;
using Orchestrator.NodeAgent.Node;
using Orchestrator.NodeAgent.Pods;
using Orchestrator.Store;

namespace Orchestrator.NodeAgent.Tests.Pods;

/// <summary>
/// A node agent as the process hosts it (the Node's status reporter and the pod synchronizer), started on a test
/// containerd and store, and stopped as the host stops it.
/// </summary>
internal sealed class TestAgent : IAsyncDisposable
{
    private readonly NodeStatusReporter _reporter;
    private readonly PodSynchronizer _synchronizer;

    private TestAgent(IObjectStore store, ContainerRuntimeClient runtime, NodeAgentOptions options)
    {
        Options = options;
        _reporter = new NodeStatusReporter(store, runtime, options, TimeProvider.System,
            NullLogger<NodeStatusReporter>.Instance);
        _synchronizer = new PodSynchronizer(store, runtime, options, TimeProvider.System, NullLoggerFactory.Instance);
    }

    public NodeAgentOptions Options { get; }

    /// <summary>Starts an agent of node <paramref name="nodeName"/> logging under <paramref name="logRoot"/>.</summary>
    public static async Task<TestAgent> StartAsync(
        IObjectStore store, ContainerRuntimeClient runtime, string socket, string logRoot, string nodeName)
    {
        var options = new NodeAgentOptions
        {
            NodeName = nodeName,
            ContainerdSocket = socket,
            LogRoot = logRoot,
            ResyncIntervalSeconds = 1,
            RenewIntervalSeconds = 2,
        };
        var agent = new TestAgent(store, runtime, options);
        await agent._reporter.StartAsync(CancellationToken.None);
        await agent._synchronizer.StartAsync(CancellationToken.None);
        return agent;
    }

    /// <summary>Stops the agent as a host stopping does; the pods' containers keep running.</summary>
    public async ValueTask DisposeAsync()
    {
        await _synchronizer.StopAsync(CancellationToken.None);
        await _reporter.StopAsync(CancellationToken.None);
        _synchronizer.Dispose();
        _reporter.Dispose();
    }
}
