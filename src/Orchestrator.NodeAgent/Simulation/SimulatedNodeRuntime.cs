using System.Text.Json.Nodes;
using System.Threading.Channels;
using Orchestrator.Store;
using Orchestrator.Store.Errors;
using Orchestrator.Store.Objects;

namespace Orchestrator.NodeAgent.Simulation;

/// <summary>
/// A node runtime that hosts simulated nodes in one process: it registers each Node, renews each node's Lease,
/// marks pods bound to its nodes Running without starting containers, and removes its pods once they are marked
/// for deletion, as a kubelet does after their containers stopped. Talks to the region's object store directly.
/// Level-driven: pods are handled from a list and then the change feed, so a missed change is only delayed.
/// </summary>
public sealed partial class SimulatedNodeRuntime(
    IObjectStore store, SimulatedNodeOptions options, TimeProvider time, ILogger<SimulatedNodeRuntime> logger)
    : BackgroundService
{
    private const string Nodes = "nodes";
    private const string Pods = "pods";
    private const string Leases = "coordination.k8s.io/leases";

    private readonly SimulatedNodeObjects _objects = new(options);
    private readonly Dictionary<string, int> _indexByName = Enumerable.Range(0, options.NodeCount)
        .ToDictionary(options.NameOf, i => i, StringComparer.Ordinal);
    private readonly Dictionary<string, int> _addressOrdinals = [];
    private readonly Channel<StoredObject> _pods = Channel.CreateUnbounded<StoredObject>();

    /// <summary>The names of the nodes this runtime hosts.</summary>
    public IReadOnlyCollection<string> NodeNames => _indexByName.Keys;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.NodeCount == 0)
        {
            return;
        }

        LogStarting(logger, options.NodeCount, options.NamePrefix, options.Cpu, options.Memory, options.Pods,
            string.Join(",", options.Zones));
        await Task.WhenAll(RenewLoopAsync(stoppingToken), PodLoopAsync(stoppingToken));
    }

    // Registers the nodes, then renews their leases and repairs their Ready condition on every interval.
    private async Task RenewLoopAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(options.RenewIntervalSeconds), time);
        var first = true;
        do
        {
            foreach (var (name, index) in _indexByName)
            {
                try
                {
                    var node = await HeartbeatNodeAsync(name, index, refresh: first, cancellationToken);
                    await RenewLeaseAsync(name, node.Uid.ToString(), cancellationToken);
                }
                catch (Exception error) when (error is not OperationCanceledException)
                {
                    LogHeartbeatFailed(logger, name, error);
                }
            }

            first = false;
        }
        while (await WaitAsync(timer, cancellationToken));
    }

    private async Task<StoredObject> HeartbeatNodeAsync(
        string name, int index, bool refresh, CancellationToken cancellationToken)
    {
        var key = new ObjectKey(Nodes, "", name);
        var current = await store.GetAsync(key, cancellationToken);
        if (current is null)
        {
            var created = await store.CreateAsync(key, _objects.Node(index, null, time.GetUtcNow()),
                cancellationToken);
            LogRegistered(logger, name);
            return created;
        }

        return await store.GuaranteedUpdateAsync(key, stored =>
            refresh || !SimulatedNodeObjects.IsReady(stored.Object)
                ? _objects.Node(index, stored.Object, time.GetUtcNow())
                : null,
            cancellationToken);
    }

    private async Task RenewLeaseAsync(string name, string nodeUid, CancellationToken cancellationToken)
    {
        var key = new ObjectKey(Leases, SimulatedNodeObjects.LeaseNamespace, name);
        try
        {
            await store.GuaranteedUpdateAsync(key,
                stored => _objects.RenewedLease(stored.ToJsonObject(), name, time.GetUtcNow()), cancellationToken);
        }
        catch (ObjectNotFoundException)
        {
            await store.CreateAsync(key, _objects.Lease(name, nodeUid, time.GetUtcNow()), cancellationToken);
        }
    }

    private async Task PodLoopAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                // The first of the two to fail stops the other, and the loop starts again from a list.
                using var pass = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                var revision = await ListPodsAsync(pass.Token);
                var loops = new[] { WatchPodsAsync(revision, pass.Token), HandlePodsAsync(pass.Token) };
                var ended = await Task.WhenAny(loops);
                await pass.CancelAsync();
                await ended;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception error)
            {
                LogPodLoopRestart(logger, error);
                await Task.Delay(TimeSpan.FromSeconds(2), time, cancellationToken);
            }
        }
    }

    private async Task<long> ListPodsAsync(CancellationToken cancellationToken)
    {
        var request = new ListRequest(Pods) { Limit = 1000 };
        while (true)
        {
            var page = await store.ListAsync(request, cancellationToken);
            foreach (var pod in page.Items)
            {
                await _pods.Writer.WriteAsync(pod, cancellationToken);
            }

            if (page.Continue is null)
            {
                return page.Revision;
            }

            request = request with { Continue = page.Continue };
        }
    }

    private async Task WatchPodsAsync(long revision, CancellationToken cancellationToken)
    {
        await foreach (var change in store.WatchAsync(new WatchRequest(Pods, revision), cancellationToken))
        {
            if (change.Type != ChangeType.Deleted)
            {
                await _pods.Writer.WriteAsync(change.Object, cancellationToken);
            }
        }
    }

    private async Task HandlePodsAsync(CancellationToken cancellationToken)
    {
        await foreach (var pod in _pods.Reader.ReadAllAsync(cancellationToken))
        {
            var nodeName = pod.Object["spec"]?["nodeName"] is JsonValue value ? value.GetValue<string>() : null;
            if (nodeName is null || !_indexByName.TryGetValue(nodeName, out var index))
            {
                continue;
            }

            try
            {
                await HandlePodAsync(pod, nodeName, index, cancellationToken);
            }
            catch (StoreException error) when (error is ObjectConflictException or ObjectNotFoundException)
            {
                // The pod changed or went meanwhile; the feed brings its next version.
            }
        }
    }

    private async Task HandlePodAsync(StoredObject pod, string nodeName, int index, CancellationToken token)
    {
        var metadata = pod.Object["metadata"] as JsonObject;
        if (metadata?["deletionTimestamp"] is not null)
        {
            // The containers "stop" at once; finalizers still hold the pod until their owners remove them.
            if (metadata["finalizers"] is not JsonArray { Count: > 0 })
            {
                await store.DeleteAsync(pod.Key, new DeletePreconditions(pod.Uid, pod.Revision), token);
                LogPodRemoved(logger, pod.Key.Namespace, pod.Key.Name, nodeName);
            }

            return;
        }

        var podIp = SimulatedNodeObjects.PodIp(index, NextOrdinal(nodeName));
        var running = SimulatedNodeObjects.RunningPod(
            pod.Object, SimulatedNodeObjects.HostIp(index), podIp, time.GetUtcNow());
        if (running is null)
        {
            return;
        }

        await store.UpdateAsync(pod, running, token);
        LogPodRunning(logger, pod.Key.Namespace, pod.Key.Name, nodeName, podIp);
    }

    private int NextOrdinal(string nodeName)
    {
        var ordinal = _addressOrdinals.GetValueOrDefault(nodeName) + 1;
        _addressOrdinals[nodeName] = ordinal;
        return ordinal;
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

    [LoggerMessage(EventId = 5001, Level = LogLevel.Information,
        Message = "Simulating {Count} nodes named {Prefix}-N, each with cpu {Cpu}, memory {Memory}, pods {Pods}, " +
            "in zones {Zones}")]
    private static partial void LogStarting(
        ILogger logger, int count, string prefix, string cpu, string memory, int pods, string zones);

    [LoggerMessage(EventId = 5002, Level = LogLevel.Information, Message = "Registered node {Node}")]
    private static partial void LogRegistered(ILogger logger, string node);

    [LoggerMessage(EventId = 5003, Level = LogLevel.Warning,
        Message = "Heartbeat of node {Node} failed; retrying on the next renewal")]
    private static partial void LogHeartbeatFailed(ILogger logger, string node, Exception error);

    [LoggerMessage(EventId = 5004, Level = LogLevel.Warning,
        Message = "Pod handling of the simulated nodes failed; listing the pods again")]
    private static partial void LogPodLoopRestart(ILogger logger, Exception error);

    [LoggerMessage(EventId = 5005, Level = LogLevel.Debug,
        Message = "Pod {Namespace}/{Name} is running on node {Node} at {PodIp}")]
    private static partial void LogPodRunning(ILogger logger, string @namespace, string name, string node,
        string podIp);

    [LoggerMessage(EventId = 5006, Level = LogLevel.Debug,
        Message = "Removed pod {Namespace}/{Name} from node {Node}")]
    private static partial void LogPodRemoved(ILogger logger, string @namespace, string name, string node);
}
