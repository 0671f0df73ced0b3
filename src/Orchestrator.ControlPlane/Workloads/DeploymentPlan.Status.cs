namespace Orchestrator.ControlPlane.Workloads;

/// <summary>The Deployment's status: counts, the Available condition and the Progressing condition.</summary>
public sealed partial class DeploymentPlan
{
    private DeploymentStatusView CalculateStatus(List<ReplicaSetView> all, ReplicaSetView? current)
    {
        var available = all.Sum(rs => rs.AvailableReplicas);
        var status = new DeploymentStatusView
        {
            ObservedGeneration = generation,
            Replicas = all.Sum(rs => rs.StatusReplicas),
            UpdatedReplicas = current?.StatusReplicas ?? 0,
            ReadyReplicas = all.Sum(rs => rs.ReadyReplicas),
            AvailableReplicas = available,
            UnavailableReplicas = Math.Max(0, all.Sum(rs => rs.SpecReplicas) - available),
            CollisionCount = workingStatus.CollisionCount,
            Conditions = [.. workingStatus.Conditions],
        };

        var condition = available >= replicas - MaxUnavailable
            ? NewCondition(DeploymentCondition.Available, "True", "MinimumReplicasAvailable",
                "Deployment has minimum availability.")
            : NewCondition(DeploymentCondition.Available, "False", "MinimumReplicasUnavailable",
                "Deployment does not have minimum availability.");
        DeploymentCondition.Set(status.Conditions, condition);
        return status;
    }

    private DeploymentSync SyncRolloutStatus(List<ReplicaSetView> all, ReplicaSetView? current)
    {
        var status = CalculateStatus(all, current);
        if (!HasProgressDeadline)
        {
            status.Conditions.RemoveAll(condition => condition.Type == DeploymentCondition.Progressing);
        }

        var progressing = workingStatus.Condition(DeploymentCondition.Progressing);
        var settled = status.Replicas == status.UpdatedReplicas && progressing?.Reason == "NewReplicaSetAvailable";
        var subject = current is null ? $"Deployment \"{name}\"" : $"ReplicaSet \"{current.Name}\"";
        if (HasProgressDeadline && !settled)
        {
            if (IsComplete(status))
            {
                DeploymentCondition.Set(status.Conditions, NewCondition(DeploymentCondition.Progressing, "True",
                    "NewReplicaSetAvailable", $"{subject} has successfully progressed."));
            }
            else if (MadeProgress(status))
            {
                var condition = NewCondition(DeploymentCondition.Progressing, "True", "ReplicaSetUpdated",
                    $"{subject} is progressing.");
                var existing = status.Condition(DeploymentCondition.Progressing);
                if (existing?.Status == "True")
                {
                    condition = condition with { LastTransitionTime = existing.LastTransitionTime };
                }

                // Unlike other conditions, progress refreshes lastUpdateTime even when the reason is unchanged.
                status.Conditions.RemoveAll(c => c.Type == DeploymentCondition.Progressing);
                status.Conditions.Add(condition);
            }
            else if (TimedOut(status))
            {
                DeploymentCondition.Set(status.Conditions, NewCondition(DeploymentCondition.Progressing, "False",
                    "ProgressDeadlineExceeded", $"{subject} has timed out progressing."));
            }
        }

        return Result(status, RequeueForDeadline(status));
    }

    private bool IsComplete(DeploymentStatusView status) =>
        status.UpdatedReplicas == replicas
        && status.Replicas == replicas
        && status.AvailableReplicas == replicas
        && status.ObservedGeneration >= generation;

    private bool MadeProgress(DeploymentStatusView status) =>
        status.UpdatedReplicas > incomingStatus.UpdatedReplicas
        || status.Replicas - status.UpdatedReplicas < incomingStatus.Replicas - incomingStatus.UpdatedReplicas
        || status.ReadyReplicas > incomingStatus.ReadyReplicas
        || status.AvailableReplicas > incomingStatus.AvailableReplicas;

    private bool TimedOut(DeploymentStatusView status)
    {
        var condition = status.Condition(DeploymentCondition.Progressing);
        if (progressDeadlineSeconds is not { } deadline || condition is null
            || condition.Reason == "NewReplicaSetAvailable")
        {
            return false;
        }

        return condition.Reason == "ProgressDeadlineExceeded"
            || condition.LastUpdateTime.AddSeconds(deadline) < now;
    }

    /// <summary>When the progress deadline of a rollout still in flight would pass, so it is checked then.</summary>
    private TimeSpan? RequeueForDeadline(DeploymentStatusView status)
    {
        var condition = status.Condition(DeploymentCondition.Progressing);
        if (progressDeadlineSeconds is not { } deadline || condition is null || IsComplete(status)
            || condition.Reason is "ProgressDeadlineExceeded" or "NewReplicaSetAvailable")
        {
            return null;
        }

        var after = condition.LastUpdateTime.AddSeconds(deadline) - now;
        return after < TimeSpan.FromSeconds(1) ? TimeSpan.Zero : after;
    }

    /// <summary>Marks pausing and resuming on the Progressing condition, unless the rollout timed out.</summary>
    private void UpdatePausedCondition()
    {
        var condition = workingStatus.Condition(DeploymentCondition.Progressing);
        if (!HasProgressDeadline || condition?.Reason == "ProgressDeadlineExceeded")
        {
            return;
        }

        var pausedRecorded = condition?.Reason == "DeploymentPaused";
        if (Paused && !pausedRecorded)
        {
            SetProgressing("Unknown", "DeploymentPaused", "Deployment is paused");
        }
        else if (!Paused && pausedRecorded)
        {
            SetProgressing("Unknown", "DeploymentResumed", "Deployment is resumed");
        }
    }

    private void SetProgressing(string status, string reason, string message) =>
        DeploymentCondition.Set(
            workingStatus.Conditions, NewCondition(DeploymentCondition.Progressing, status, reason, message));

    private DeploymentCondition NewCondition(string type, string status, string reason, string message) =>
        new(type, status, reason, message, now, now);
}
