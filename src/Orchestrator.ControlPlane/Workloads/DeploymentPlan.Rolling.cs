namespace Orchestrator.ControlPlane.Workloads;

/// <summary>The RollingUpdate strategy: surge the new ReplicaSet, then drain the old ones within the bounds.</summary>
public sealed partial class DeploymentPlan
{
    private static readonly Comparer<ReplicaSetView> ByCreation = Comparer<ReplicaSetView>.Create(
        ReplicaSetView.CompareByCreation);

    private DeploymentSync RolloutRolling()
    {
        var (current, old) = FindReplicaSets(createIfMissing: true);
        var all = Join(old, current);

        if (ReconcileNewReplicaSet(all, current!))
        {
            return SyncRolloutStatus(all, current);
        }

        if (ReconcileOldReplicaSets(all, old.Where(rs => rs.SpecReplicas > 0).ToList(), current!))
        {
            return SyncRolloutStatus(all, current);
        }

        if (IsComplete(incomingStatus))
        {
            CleanUpHistory(old);
        }

        return SyncRolloutStatus(all, current);
    }

    private bool ReconcileNewReplicaSet(List<ReplicaSetView> all, ReplicaSetView current)
    {
        if (current.SpecReplicas == replicas)
        {
            return false;
        }

        if (current.SpecReplicas > replicas)
        {
            return ScaleTo(current, replicas);
        }

        return ScaleTo(current, NewReplicaSetReplicas(all.Where(rs => rs != current), current));
    }

    /// <summary>How many replicas the new ReplicaSet may have now, given everything that exists.</summary>
    private int NewReplicaSetReplicas(IEnumerable<ReplicaSetView> others, ReplicaSetView? current)
    {
        if (recreate)
        {
            return replicas;
        }

        var currentReplicas = current?.SpecReplicas ?? 0;
        var podCount = others.Sum(rs => rs.SpecReplicas) + currentReplicas;
        var maxTotal = replicas + bounds.MaxSurge;
        if (podCount >= maxTotal)
        {
            return currentReplicas;
        }

        return currentReplicas + Math.Min(maxTotal - podCount, replicas - currentReplicas);
    }

    private bool ReconcileOldReplicaSets(
        List<ReplicaSetView> all, List<ReplicaSetView> activeOld, ReplicaSetView current)
    {
        if (activeOld.Sum(rs => rs.SpecReplicas) == 0)
        {
            return false;
        }

        var allPods = all.Sum(rs => rs.SpecReplicas);
        var minAvailable = replicas - MaxUnavailable;
        var newUnavailable = current.SpecReplicas - current.AvailableReplicas;
        var maxScaledDown = allPods - minAvailable - newUnavailable;
        if (maxScaledDown <= 0)
        {
            return false;
        }

        var cleaned = CleanUpUnhealthyReplicas(activeOld, maxScaledDown);
        var drained = ScaleDownOldReplicaSets(all, activeOld);
        return cleaned + drained > 0;
    }

    /// <summary>Scales down old pods that are not available first: removing them costs no availability.</summary>
    private int CleanUpUnhealthyReplicas(List<ReplicaSetView> activeOld, int maxCleanup)
    {
        var total = 0;
        foreach (var rs in activeOld.Order(ByCreation))
        {
            if (total >= maxCleanup)
            {
                break;
            }

            if (rs.SpecReplicas == 0 || rs.SpecReplicas == rs.AvailableReplicas)
            {
                continue;
            }

            var count = Math.Min(maxCleanup - total, rs.SpecReplicas - rs.AvailableReplicas);
            ScaleTo(rs, rs.SpecReplicas - count);
            total += count;
        }

        return total;
    }

    /// <summary>Scales down old ReplicaSets, oldest first, by the available pods above the minimum.</summary>
    private int ScaleDownOldReplicaSets(List<ReplicaSetView> all, List<ReplicaSetView> activeOld)
    {
        var minAvailable = replicas - MaxUnavailable;
        var available = all.Sum(rs => rs.AvailableReplicas);
        if (available <= minAvailable)
        {
            return 0;
        }

        var allowed = available - minAvailable;
        var total = 0;
        foreach (var rs in activeOld.Order(ByCreation))
        {
            if (total >= allowed)
            {
                break;
            }

            if (rs.SpecReplicas == 0)
            {
                continue;
            }

            var count = Math.Min(rs.SpecReplicas, allowed - total);
            ScaleTo(rs, rs.SpecReplicas - count);
            total += count;
        }

        return total;
    }
}
