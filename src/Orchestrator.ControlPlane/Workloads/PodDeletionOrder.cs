namespace Orchestrator.ControlPlane.Workloads;

/// <summary>
/// Orders pods so that the first are the cheapest to delete, as Kubernetes' ReplicaSet controller does:
/// unscheduled before scheduled, pending before unknown before running, not ready before ready, lower
/// pod-deletion-cost first, doubled up on a node first, ready for less time first, more restarts first, newer
/// before older. Times compare on a logarithmic scale of their age, so pods of similar age tie and the uid decides.
/// </summary>
internal sealed class PodDeletionOrder(DateTimeOffset now) : IComparer<PodView>
{
    public int Compare(PodView? x, PodView? y)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);

        if (x.NodeName != y.NodeName && (x.NodeName.Length == 0 || y.NodeName.Length == 0))
        {
            return x.NodeName.Length == 0 ? -1 : 1;
        }

        if (PhaseOrdinal(x) != PhaseOrdinal(y))
        {
            return PhaseOrdinal(x).CompareTo(PhaseOrdinal(y));
        }

        if (x.Ready != y.Ready)
        {
            return x.Ready ? 1 : -1;
        }

        if (x.DeletionCost != y.DeletionCost)
        {
            return x.DeletionCost.CompareTo(y.DeletionCost);
        }

        if (x.Rank != y.Rank)
        {
            return y.Rank.CompareTo(x.Rank);
        }

        if (x.Ready && y.Ready && x.ReadySince != y.ReadySince)
        {
            return NewerFirst(x.ReadySince, y.ReadySince, x, y);
        }

        if (x.Restarts != y.Restarts)
        {
            return y.Restarts.CompareTo(x.Restarts);
        }

        return x.CreatedAt != y.CreatedAt ? NewerFirst(x.CreatedAt, y.CreatedAt, x, y) : 0;
    }

    private static int PhaseOrdinal(PodView pod) => pod.Phase switch
    {
        "Pending" => 0,
        "Unknown" => 1,
        "Running" => 2,
        _ => 0,
    };

    /// <summary>An absent time first, then the younger by order of magnitude of age, then by uid.</summary>
    private int NewerFirst(DateTimeOffset? left, DateTimeOffset? right, PodView x, PodView y)
    {
        if (left is null || right is null)
        {
            return left is null ? -1 : 1;
        }

        var byMagnitude = AgeMagnitude(left.Value).CompareTo(AgeMagnitude(right.Value));
        return byMagnitude != 0 ? byMagnitude : string.CompareOrdinal(x.Uid, y.Uid);
    }

    private int AgeMagnitude(DateTimeOffset time)
    {
        var nanoseconds = (now - time).Ticks * 100.0;
        return nanoseconds > 0 ? (int)Math.Log2(nanoseconds) : -1;
    }
}
