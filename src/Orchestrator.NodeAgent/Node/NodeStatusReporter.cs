using Grpc.Core;
using Orchestrator.NodeAgent.Cri;
using Orchestrator.Store;
using Orchestrator.Store.Errors;
using Orchestrator.Store.Objects;

namespace Orchestrator.NodeAgent.Node;

/// <summary>
/// Registers this machine's Node and keeps it current: every renewal interval it asks containerd for its version
/// and health, rewrites the Node's status (Ready only while the runtime and its network are ready) and renews the
/// node's Lease. A failed round is logged and retried on the next interval.
/// </summary>
public sealed partial class NodeStatusReporter(
    IObjectStore store,
    ContainerRuntimeClient runtime,
    NodeAgentOptions options,
    TimeProvider time,
    ILogger<NodeStatusReporter> logger)
    : BackgroundService
{
    private const string Nodes = "nodes";
    private const string Leases = "coordination.k8s.io/leases";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var machine = await MachineFacts.ReadAsync(options.InternalIp, stoppingToken);
        var objects = new NodeObjects(options, machine);
        LogStarting(logger, options.NodeName, machine.InternalIp, machine.Cpus, machine.MemoryBytes,
            options.ContainerdSocket ?? "");

        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(options.RenewIntervalSeconds), time);
        do
        {
            try
            {
                var (version, readiness) = await AskRuntimeAsync(stoppingToken);
                var node = await ReportNodeAsync(objects, version, readiness, stoppingToken);
                await RenewLeaseAsync(objects, node.Uid.ToString(), stoppingToken);
            }
            catch (Exception error) when (error is not OperationCanceledException)
            {
                LogReportFailed(logger, options.NodeName, error);
            }
        }
        while (await WaitAsync(timer, stoppingToken));
    }

    private async Task<(string Version, NodeReadiness Readiness)> AskRuntimeAsync(CancellationToken cancellationToken)
    {
        try
        {
            var version = await runtime.GetVersionAsync(cancellationToken);
            var status = await runtime.GetRuntimeStatusAsync(cancellationToken);
            return ($"{version.RuntimeName}://{version.RuntimeVersion}", NodeReadiness.From(status));
        }
        catch (RpcException error)
        {
            return ("containerd://unknown", NodeReadiness.Unreachable(error.Status.Detail));
        }
    }

    private async Task<StoredObject> ReportNodeAsync(
        NodeObjects objects, string version, NodeReadiness readiness, CancellationToken cancellationToken)
    {
        var key = new ObjectKey(Nodes, "", options.NodeName);
        var current = await store.GetAsync(key, cancellationToken);
        if (current is null)
        {
            var created = await store.CreateAsync(key, objects.Node(null, version, readiness, time.GetUtcNow()),
                cancellationToken);
            LogRegistered(logger, options.NodeName, readiness.Ready);
            return created;
        }

        var wasReady = NodeObjects.ReadyMatches(current.Object, readiness);
        var updated = await store.GuaranteedUpdateAsync(key,
            stored => objects.Node(stored.Object, version, readiness, time.GetUtcNow()), cancellationToken);
        if (!wasReady)
        {
            LogReadiness(logger, options.NodeName, readiness.Ready, readiness.Message);
        }

        return updated;
    }

    private async Task RenewLeaseAsync(NodeObjects objects, string nodeUid, CancellationToken cancellationToken)
    {
        var key = new ObjectKey(Leases, NodeObjects.LeaseNamespace, options.NodeName);
        try
        {
            await store.GuaranteedUpdateAsync(key,
                stored => objects.Lease(stored.Object, nodeUid, time.GetUtcNow()), cancellationToken);
        }
        catch (ObjectNotFoundException)
        {
            await store.CreateAsync(key, objects.Lease(null, nodeUid, time.GetUtcNow()), cancellationToken);
        }
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken cancellationToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    [LoggerMessage(EventId = 5101, Level = LogLevel.Information,
        Message = "Node agent for node {Node} at {InternalIp} with {Cpus} cpus and {Memory} bytes, containerd at " +
            "{Socket}")]
    private static partial void LogStarting(
        ILogger logger, string node, string internalIp, int cpus, long memory, string socket);

    [LoggerMessage(EventId = 5102, Level = LogLevel.Information, Message = "Registered node {Node}, ready {Ready}")]
    private static partial void LogRegistered(ILogger logger, string node, bool ready);

    [LoggerMessage(EventId = 5103, Level = LogLevel.Information,
        Message = "Node {Node} ready is now {Ready}: {Message}")]
    private static partial void LogReadiness(ILogger logger, string node, bool ready, string message);

    [LoggerMessage(EventId = 5104, Level = LogLevel.Warning,
        Message = "Status report of node {Node} failed; retrying on the next renewal")]
    private static partial void LogReportFailed(ILogger logger, string node, Exception error);
}
