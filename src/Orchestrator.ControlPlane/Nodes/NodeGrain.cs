using Orchestrator.Cluster;
using Orchestrator.Contracts.Nodes;
using Orchestrator.ControlPlane.Scheduling;

namespace Orchestrator.ControlPlane.Nodes;

/// <summary>
/// Keeps a node's capacity ledger and enforces it: a pod is reserved only when
/// <see cref="PodScheduler.Fits"/> holds against the node's current reservations and no required pod
/// anti-affinity (the pod's, or a reserved pod's against it) is broken by the pods the node holds
/// (<see cref="PodScheduler.AntiAffinityReasons"/>). The grain handles one call at a time, so reservations from
/// parallel schedulers are checked one after another: they never overcommit the node, and two pods that must not
/// share a host (kubernetes.io/hostname anti-affinity, or any wider topology the node belongs to) never both land
/// on it, whichever shard or silo placed them. Every change is written through to grain storage before the call
/// answers.
/// </summary>
public sealed partial class NodeGrain(
    [PersistentState("node", RegionClusterExtensions.DefaultStorage)] IPersistentState<NodeLedger> ledger,
    ILogger<NodeGrain> logger) : Grain, INodeGrain
{
    private NodeView? _view;

    public async Task<NodeReservation> ReserveAsync(PodClaim claim)
    {
        ArgumentException.ThrowIfNullOrEmpty(claim.Uid, nameof(claim));

        var claims = ledger.State.Claims;
        if (claims.ContainsKey(claim.Uid))
        {
            return new NodeReservation { Accepted = true, AlreadyReserved = true, Snapshot = Snapshot() };
        }

        var view = View();
        var pod = LedgerViews.ToPodJson(claim, view.Name);
        var reasons = PodScheduler.FitReasons(LedgerViews.RequestsOf(claim), view);
        if (reasons.Count == 0 && (claim.PodAffinity is not null || claims.Values.Any(c => c.PodAffinity is not null)))
        {
            reasons = PodScheduler.AntiAffinityReasons(pod, view);
        }

        if (reasons.Count > 0)
        {
            LogRefused(logger, claim.Namespace, claim.Name, view.Name, string.Join(", ", reasons));
            return new NodeReservation { Accepted = false, Reasons = reasons, Snapshot = Snapshot() };
        }

        claims[claim.Uid] = claim;
        try
        {
            await ledger.WriteStateAsync();
        }
        catch
        {
            claims.Remove(claim.Uid);
            throw;
        }

        _view = view.With(pod);
        return new NodeReservation { Accepted = true, Snapshot = Snapshot() };
    }

    public async Task ReleaseAsync(string podUid)
    {
        if (!ledger.State.Claims.Remove(podUid, out var claim))
        {
            return;
        }

        try
        {
            await ledger.WriteStateAsync();
        }
        catch
        {
            ledger.State.Claims[podUid] = claim;
            throw;
        }

        _view = null;
    }

    public async Task SetCapacityAsync(NodeCapacity capacity)
    {
        ArgumentNullException.ThrowIfNull(capacity);

        var previous = ledger.State.Capacity;
        ledger.State.Capacity = capacity;
        try
        {
            await ledger.WriteStateAsync();
        }
        catch
        {
            ledger.State.Capacity = previous;
            throw;
        }

        _view = null;
    }

    public Task<NodeSnapshot> GetSnapshotAsync() => Task.FromResult(Snapshot());

    private NodeView View() => _view ??= LedgerViews.ToNodeView(Snapshot());

    private NodeSnapshot Snapshot()
    {
        var claims = ledger.State.Claims.Values.OrderBy(c => c.Uid, StringComparer.Ordinal).ToList();
        return new NodeSnapshot
        {
            Name = this.GetPrimaryKeyString(),
            Capacity = ledger.State.Capacity ?? new NodeCapacity(),
            ReservedMilliCpu = claims.Sum(c => c.MilliCpu),
            ReservedMemory = claims.Sum(c => c.Memory),
            Claims = claims,
        };
    }

    [LoggerMessage(EventId = 3001, Level = LogLevel.Debug,
        Message = "Node {Node} refused pod {Namespace}/{Name}: {Reasons}")]
    private static partial void LogRefused(ILogger logger, string @namespace, string name, string node, string reasons);
}
