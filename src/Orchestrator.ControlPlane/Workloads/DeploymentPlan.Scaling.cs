namespace Orchestrator.ControlPlane.Workloads;

/// <summary>Scaling without rollout progress: paused Deployments and changes of <c>spec.replicas</c>.</summary>
public sealed partial class DeploymentPlan
{
    private void ScaleProportionally(ReplicaSetView? current, List<ReplicaSetView> old)
    {
        if (ActiveOrLatest(current, old) is { } only)
        {
            ScaleTo(only, replicas);
            return;
        }

        if (IsSaturated(current))
        {
            foreach (var rs in old.Where(rs => rs.SpecReplicas > 0))
            {
                ScaleTo(rs, 0);
            }

            return;
        }

        if (recreate)
        {
            return;
        }

        var active = Join(old, current).Where(rs => rs.SpecReplicas > 0).ToList();
        var allowedSize = replicas > 0 ? replicas + MaxSurge : 0;
        var toAdd = allowedSize - active.Sum(rs => rs.SpecReplicas);
        if (toAdd == 0)
        {
            return;
        }

        // Larger first; growing favours the newer of equal sizes, shrinking the older.
        active.Sort((left, right) => left.SpecReplicas != right.SpecReplicas
            ? right.SpecReplicas.CompareTo(left.SpecReplicas)
            : toAdd > 0
                ? ReplicaSetView.CompareByCreation(right, left)
                : ReplicaSetView.CompareByCreation(left, right));

        var added = 0;
        var sizes = new Dictionary<ReplicaSetView, int>();
        foreach (var rs in active)
        {
            var proportion = Proportion(rs, toAdd, added);
            sizes[rs] = rs.SpecReplicas + proportion;
            added += proportion;
        }

        sizes[active[0]] = Math.Max(0, sizes[active[0]] + toAdd - added);
        foreach (var rs in active)
        {
            ScaleTo(rs, sizes[rs]);
        }
    }

    /// <summary>The one active ReplicaSet, or the newest when none is active; null when several are active.</summary>
    private static ReplicaSetView? ActiveOrLatest(ReplicaSetView? current, List<ReplicaSetView> old)
    {
        if (current is null && old.Count == 0)
        {
            return null;
        }

        var newestFirst = old.OrderDescending(ByCreation).ToList();
        var active = Join(newestFirst, current).Where(rs => rs.SpecReplicas > 0).ToList();
        return active.Count switch
        {
            0 => current ?? newestFirst[0],
            1 => active[0],
            _ => null,
        };
    }

    private bool IsSaturated(ReplicaSetView? current) =>
        current is not null
        && current.SpecReplicas == replicas
        && current.AnnotatedInt(DesiredReplicasAnnotation) == replicas
        && current.AvailableReplicas == replicas;

    private int Proportion(ReplicaSetView rs, int toAdd, int added)
    {
        if (rs.SpecReplicas == 0 || toAdd == 0 || toAdd == added)
        {
            return 0;
        }

        var fraction = Fraction(rs);
        var allowed = toAdd - added;
        return toAdd > 0 ? Math.Min(fraction, allowed) : Math.Max(fraction, allowed);
    }

    /// <summary>How much a ReplicaSet grows or shrinks to keep its share of the Deployment's previous size.</summary>
    private int Fraction(ReplicaSetView rs)
    {
        if (replicas == 0)
        {
            return -rs.SpecReplicas;
        }

        var deploymentSize = replicas + MaxSurge;
        var previousSize = rs.AnnotatedInt(MaxReplicasAnnotation) ?? incomingStatus.Replicas;
        if (previousSize == 0)
        {
            return 0;
        }

        var size = (double)rs.SpecReplicas * deploymentSize / previousSize;
        return (int)Math.Round(size, MidpointRounding.AwayFromZero) - rs.SpecReplicas;
    }
}
