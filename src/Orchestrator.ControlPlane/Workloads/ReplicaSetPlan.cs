using System.Text.Json.Nodes;

namespace Orchestrator.ControlPlane.Workloads;

/// <summary>
/// The decisions of Kubernetes' ReplicaSet controller for one sync, as a pure function: claim matching orphans,
/// release pods that no longer match, create or delete pods towards <c>spec.replicas</c>, and compute the status.
/// Idempotent given the same inputs; the caller must remember pods it created or deleted until it sees them, so a
/// sync over a stale pod list does not create duplicates.
/// </summary>
public static class ReplicaSetPlan
{
    /// <summary>The most pods created or deleted in one sync, as Kubernetes' burst limit.</summary>
    public const int BurstReplicas = 500;

    /// <summary>Computes one sync of <paramref name="replicaSet"/>.</summary>
    /// <param name="replicaSet">The ReplicaSet.</param>
    /// <param name="pods">Pods of its namespace that it controls or that its selector matches.</param>
    /// <param name="now">The current time, for minReadySeconds and the deletion order.</param>
    public static ReplicaSetSync Compute(JsonObject replicaSet, IReadOnlyList<JsonObject> pods, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(replicaSet);
        ArgumentNullException.ThrowIfNull(pods);

        var metadata = ObjectFields.Object(replicaSet, "metadata");
        var spec = ObjectFields.Object(replicaSet, "spec");
        var uid = ObjectFields.String(metadata, "uid");
        var deleting = metadata?["deletionTimestamp"] is not null;
        var selector = new LabelSelector(ObjectFields.Object(spec, "selector"));
        var desired = ObjectFields.Int(spec, "replicas") ?? 1;
        var minReadySeconds = ObjectFields.Int(spec, "minReadySeconds") ?? 0;
        var template = ObjectFields.Object(spec, "template") ?? [];

        var (claimed, adopt, release) = Claim(pods.Select(pod => new PodView(pod)), uid, selector, deleting);

        var active = claimed.Where(pod => pod.Active).ToList();
        var difference = active.Count - desired;
        var create = deleting || difference >= 0 ? 0 : Math.Min(-difference, BurstReplicas);
        var delete = deleting || difference <= 0 ? [] : PodsToDelete(active, Math.Min(difference, BurstReplicas), now);

        var status = Status(replicaSet, active, template, minReadySeconds, now);
        var ready = ObjectFields.Int(status, "readyReplicas") ?? 0;
        var available = ObjectFields.Int(status, "availableReplicas") ?? 0;
        TimeSpan? requeue = minReadySeconds > 0 && ready == desired && available != desired
            ? TimeSpan.FromSeconds(minReadySeconds)
            : null;

        return new ReplicaSetSync(
            adopt,
            release,
            ObjectFields.ControllerReference("apps/v1", "ReplicaSet", replicaSet),
            create,
            PodFromTemplate(replicaSet, template),
            delete,
            status,
            requeue);
    }

    private static (List<PodView> Claimed, List<string> Adopt, List<string> Release) Claim(
        IEnumerable<PodView> pods, string? uid, LabelSelector selector, bool deleting)
    {
        var claimed = new List<PodView>();
        var adopt = new List<string>();
        var release = new List<string>();
        foreach (var pod in pods)
        {
            var matches = selector.Matches(pod.Labels);
            if (pod.ControllerUid is not null && pod.ControllerUid == uid)
            {
                if (matches)
                {
                    claimed.Add(pod);
                }
                else if (!deleting)
                {
                    release.Add(pod.Name);
                }
            }
            else if (pod.ControllerUid is null && matches && !deleting && !pod.Deleting)
            {
                adopt.Add(pod.Name);
                claimed.Add(pod);
            }
        }

        return (claimed, adopt, release);
    }

    private static List<string> PodsToDelete(List<PodView> active, int count, DateTimeOffset now)
    {
        if (count < active.Count)
        {
            var perNode = active.Where(pod => pod.NodeName.Length > 0)
                .GroupBy(pod => pod.NodeName).ToDictionary(group => group.Key, group => group.Count());
            foreach (var pod in active)
            {
                pod.Rank = perNode.GetValueOrDefault(pod.NodeName);
            }

            active = active.Order(new PodDeletionOrder(now)).ToList();
        }

        return active.Take(count).Select(pod => pod.Name).ToList();
    }

    private static JsonObject Status(
        JsonObject replicaSet, List<PodView> active, JsonObject template, int minReadySeconds, DateTimeOffset now)
    {
        var templateLabels = ObjectFields.StringMap(ObjectFields.Object(template, "metadata", "labels"));
        var fullyLabeled = active.Count(pod => templateLabels.All(
            label => pod.Labels.TryGetValue(label.Key, out var value) && value == label.Value));
        var status = new JsonObject
        {
            ["replicas"] = active.Count,
            ["fullyLabeledReplicas"] = fullyLabeled,
            ["readyReplicas"] = active.Count(pod => pod.Ready),
            ["availableReplicas"] = active.Count(pod => pod.IsAvailable(minReadySeconds, now)),
            ["observedGeneration"] = ObjectFields.Long(ObjectFields.Object(replicaSet, "metadata"), "generation"),
        };
        if (ObjectFields.Object(replicaSet, "status")?["conditions"] is JsonArray conditions)
        {
            status["conditions"] = conditions.DeepClone();
        }

        return status;
    }

    private static JsonObject PodFromTemplate(JsonObject replicaSet, JsonObject template)
    {
        var metadata = ObjectFields.Object(replicaSet, "metadata");
        var templateMetadata = ObjectFields.Object(template, "metadata");
        var podMetadata = new JsonObject
        {
            ["generateName"] = $"{ObjectFields.String(metadata, "name")}-",
            ["namespace"] = ObjectFields.String(metadata, "namespace"),
            ["labels"] = templateMetadata?["labels"]?.DeepClone() ?? new JsonObject(),
        };
        foreach (var field in new[] { "annotations", "finalizers" })
        {
            if (templateMetadata?[field] is { } value)
            {
                podMetadata[field] = value.DeepClone();
            }
        }

        podMetadata["ownerReferences"] = new JsonArray(
            ObjectFields.ControllerReference("apps/v1", "ReplicaSet", replicaSet));
        return new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Pod",
            ["metadata"] = podMetadata,
            ["spec"] = template["spec"]?.DeepClone() ?? new JsonObject(),
        };
    }
}
