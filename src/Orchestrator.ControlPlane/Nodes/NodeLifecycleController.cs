using Orchestrator.Contracts.Nodes;
using Orchestrator.ControlPlane.Scheduling;
using Orchestrator.Store;
using Orchestrator.Store.Objects;

namespace Orchestrator.ControlPlane.Nodes;

/// <summary>
/// Watches over the region's nodes as kube's node lifecycle controller does: a node whose Lease in
/// <c>kube-node-lease</c> was not renewed within the grace period is declared lost (conditions Unknown,
/// unreachable taints), its pods are deleted once it stayed lost past the eviction timeout so their controllers
/// replace them, and each node's capacity ledger (<see cref="INodeGrain"/>) follows its Node object.
/// A renewal is timed by this process's clock when it sees the Lease change, so clock skew between the node and
/// the control plane does not matter. Each control-plane silo runs one; the writes are idempotent.
/// </summary>
// TODO: a pass lists every node and lease each interval; a Node grain per node woken by the change feed replaces
// it once the feed delivers to grains, which also spares the listing on large regions.
public sealed partial class NodeLifecycleController(
    IObjectStore store, IGrainFactory grains, NodeLifecycleOptions options,
    TimeProvider time, ILogger<NodeLifecycleController> logger) : BackgroundService
{
    private const string Leases = "coordination.k8s.io/leases";
    private const string LeaseNamespace = "kube-node-lease";

    private readonly Dictionary<string, (string RenewTime, DateTimeOffset SeenAt)> _renewals = [];
    private readonly Dictionary<string, string> _ledgerFingerprints = [];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        LogStarting(logger, options.GracePeriodSeconds, options.EvictionTimeoutSeconds);
        using var timer = new PeriodicTimer(options.PassInterval, time);
        var failures = 0;
        do
        {
            try
            {
                await PassAsync(stoppingToken);
                failures = 0;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception error)
            {
                failures++;
                LogPassFailed(logger, failures, error);
                var backoff = TimeSpan.FromSeconds(Math.Min(30, Math.Pow(2, Math.Min(failures, 5))));
                await Task.Delay(backoff, time, stoppingToken);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>One look at every node: status and taints, capacity ledger.</summary>
    public async Task PassAsync(CancellationToken cancellationToken)
    {
        var nodes = await ListAsync(new ListRequest("nodes"), cancellationToken);
        var leases = await ListAsync(new ListRequest(Leases) { Namespace = LeaseNamespace }, cancellationToken);
        var now = time.GetUtcNow();
        ObserveRenewals(leases, now);

        foreach (var node in nodes)
        {
            var name = node.Key.Name;
            var current = node;

            // TODO: a node that never had a Lease (made by hand, or before its agent ran) keeps the status it was
            // given; kube declares it lost after the grace period. Do so once every node has an agent.
            if (_renewals.TryGetValue(name, out var renewal))
            {
                current = await UpdateHealthAsync(node, now - renewal.SeenAt > options.GracePeriod,
                    cancellationToken);
            }

            await SyncLedgerAsync(name, NodeHealth.CapacityOf(current.Object));
        }

        var present = nodes.Select(n => n.Key.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var gone in _ledgerFingerprints.Keys.Where(n => !present.Contains(n)).ToList())
        {
            await SyncLedgerAsync(gone, new NodeCapacity { Unschedulable = true });
            _ledgerFingerprints.Remove(gone);
        }
    }

    // A lease counts as renewed when its renewTime differs from the one seen last; the first sight counts too.
    private void ObserveRenewals(IReadOnlyList<StoredObject> leases, DateTimeOffset now)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var lease in leases)
        {
            var renewTime = JsonRead.String(lease.Object["spec"], "renewTime") ?? "";
            names.Add(lease.Key.Name);
            if (!_renewals.TryGetValue(lease.Key.Name, out var seen) || seen.RenewTime != renewTime)
            {
                _renewals[lease.Key.Name] = (renewTime, now);
            }
        }

        foreach (var gone in _renewals.Keys.Where(n => !names.Contains(n)).ToList())
        {
            _renewals.Remove(gone);
        }
    }

    private async Task<StoredObject> UpdateHealthAsync(StoredObject node, bool expired, CancellationToken token)
    {
        if (NodeHealth.Next(node.Object, expired, time.GetUtcNow()) is null)
        {
            return node;
        }

        var updated = await store.GuaranteedUpdateAsync(node.Key,
            current => NodeHealth.Next(current.Object, expired, time.GetUtcNow()), token);
        LogHealthChanged(logger, node.Key.Name, NodeHealth.ReadyStatus(updated.Object) ?? "absent",
            NodeHealth.LostTaintKey(updated.Object) ?? "none");
        return updated;
    }

    private async Task SyncLedgerAsync(string name, NodeCapacity capacity)
    {
        var fingerprint = NodeHealth.Fingerprint(capacity);
        if (_ledgerFingerprints.TryGetValue(name, out var known) && known == fingerprint)
        {
            return;
        }

        await grains.GetGrain<INodeGrain>(name).SetCapacityAsync(capacity);
        _ledgerFingerprints[name] = fingerprint;
        LogLedgerUpdated(logger, name, capacity.MilliCpu, capacity.Memory, capacity.Pods);
    }

    private async Task<IReadOnlyList<StoredObject>> ListAsync(ListRequest request, CancellationToken token)
    {
        var items = new List<StoredObject>();
        request = request with { Limit = 1000 };
        while (true)
        {
            var page = await store.ListAsync(request, token);
            items.AddRange(page.Items);
            if (page.Continue is null)
            {
                return items;
            }

            request = request with { Continue = page.Continue };
        }
    }

    [LoggerMessage(EventId = 3101, Level = LogLevel.Information,
        Message = "Node lifecycle started: grace period {GraceSeconds}s, eviction timeout {EvictionSeconds}s")]
    private static partial void LogStarting(ILogger logger, double graceSeconds, double evictionSeconds);

    [LoggerMessage(EventId = 3102, Level = LogLevel.Warning,
        Message = "Node lifecycle pass failed ({Failures} in a row); retrying with backoff")]
    private static partial void LogPassFailed(ILogger logger, int failures, Exception error);

    [LoggerMessage(EventId = 3103, Level = LogLevel.Information,
        Message = "Node {Node} is now Ready={Ready}, lost taint {Taint}")]
    private static partial void LogHealthChanged(ILogger logger, string node, string ready, string taint);

    [LoggerMessage(EventId = 3105, Level = LogLevel.Debug,
        Message = "Capacity ledger of node {Node} set to cpu {MilliCpu}m, memory {Memory}, pods {Pods}")]
    private static partial void LogLedgerUpdated(ILogger logger, string node, long milliCpu, long memory, long pods);
}
