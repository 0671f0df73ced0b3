using System.Globalization;
using System.Text.Json.Nodes;

namespace Orchestrator.ControlPlane.Workloads;

/// <summary>
/// The decisions of Kubernetes' deployment controller for one sync of one Deployment, as a pure function: no I/O,
/// no clock. The caller loads the Deployment and the ReplicaSets it controls, applies the returned
/// <see cref="DeploymentSync"/>, and syncs again when anything it watches changes. Idempotent: a sync over the
/// state a previous sync produced decides nothing new.
/// </summary>
public sealed partial class DeploymentPlan
{
    /// <summary>The revision of a ReplicaSet, and of the Deployment whose template it holds.</summary>
    public const string RevisionAnnotation = "deployment.kubernetes.io/revision";

    /// <summary>The Deployment's <c>spec.replicas</c> when the ReplicaSet was last scaled.</summary>
    public const string DesiredReplicasAnnotation = "deployment.kubernetes.io/desired-replicas";

    /// <summary>The Deployment's replicas plus maxSurge when the ReplicaSet was last scaled.</summary>
    public const string MaxReplicasAnnotation = "deployment.kubernetes.io/max-replicas";

    private const int DefaultRevisionHistoryLimit = 10;
    private const int DefaultProgressDeadlineSeconds = 600;

    private static readonly HashSet<string> AnnotationsNotCopied =
    [
        "kubectl.kubernetes.io/last-applied-configuration",
        RevisionAnnotation,
        "deployment.kubernetes.io/revision-history",
        DesiredReplicasAnnotation,
        MaxReplicasAnnotation,
        "deprecated.deployment.rollback.to",
    ];

    private readonly JsonObject deployment;
    private readonly DateTimeOffset now;
    private readonly IReadOnlyDictionary<string, int>? activePodsByReplicaSet;
    private readonly List<ReplicaSetView> replicaSets;
    private readonly DeploymentStatusView incomingStatus;
    private readonly DeploymentStatusView workingStatus;
    private readonly List<string> deletions = [];
    private readonly string name;
    private readonly long generation;
    private readonly int replicas;
    private readonly bool recreate;
    private readonly JsonObject template;
    private readonly int minReadySeconds;
    private readonly int? revisionHistoryLimit;
    private readonly int? progressDeadlineSeconds;
    private readonly RollingUpdateBounds bounds;
    private readonly Dictionary<string, string> deploymentAnnotations;
    private ReplicaSetView? created;
    private string? revision;

    private DeploymentPlan(
        JsonObject deployment,
        IReadOnlyList<JsonObject> ownedReplicaSets,
        DateTimeOffset now,
        IReadOnlyDictionary<string, int>? activePodsByReplicaSet)
    {
        this.deployment = deployment;
        this.now = now;
        this.activePodsByReplicaSet = activePodsByReplicaSet;
        replicaSets = ownedReplicaSets.Select(rs => new ReplicaSetView(rs)).ToList();
        var metadata = ObjectFields.Object(deployment, "metadata");
        var spec = ObjectFields.Object(deployment, "spec");
        var strategy = ObjectFields.Object(spec, "strategy");
        name = ObjectFields.String(metadata, "name") ?? "";
        generation = ObjectFields.Long(metadata, "generation");
        deploymentAnnotations = ObjectFields.StringMap(ObjectFields.Object(metadata, "annotations"));
        replicas = ObjectFields.Int(spec, "replicas") ?? 1;
        recreate = ObjectFields.String(strategy, "type") == "Recreate";
        template = ObjectFields.Object(spec, "template") ?? [];
        minReadySeconds = ObjectFields.Int(spec, "minReadySeconds") ?? 0;
        revisionHistoryLimit = Limit(ObjectFields.Int(spec, "revisionHistoryLimit") ?? DefaultRevisionHistoryLimit);
        progressDeadlineSeconds = Limit(
            ObjectFields.Int(spec, "progressDeadlineSeconds") ?? DefaultProgressDeadlineSeconds);
        bounds = recreate
            ? default
            : RollingUpdateBounds.Resolve(ObjectFields.Object(strategy, "rollingUpdate"), replicas);
        incomingStatus = DeploymentStatusView.From(ObjectFields.Object(deployment, "status"));
        workingStatus = DeploymentStatusView.From(ObjectFields.Object(deployment, "status"));
        Paused = ObjectFields.Bool(spec, "paused");
        Deleting = metadata?["deletionTimestamp"] is not null;
    }

    private bool Paused { get; }

    private bool Deleting { get; }

    private bool HasProgressDeadline => progressDeadlineSeconds is not null;

    private int MaxSurge => recreate ? 0 : bounds.MaxSurge;

    private int MaxUnavailable => recreate || replicas == 0 ? 0 : Math.Min(bounds.MaxUnavailable, replicas);

    /// <summary>
    /// Computes one sync of <paramref name="deployment"/> over the ReplicaSets it controls.
    /// </summary>
    /// <param name="deployment">The Deployment, defaulted as the API stores it.</param>
    /// <param name="ownedReplicaSets">ReplicaSets whose controller ownerReference is this Deployment, with the
    /// status their own controller wrote (replicas, readyReplicas, availableReplicas).</param>
    /// <param name="now">The current time.</param>
    /// <param name="activePodsByReplicaSet">Pods not yet terminated (terminating ones included) per ReplicaSet
    /// name, for the Recreate strategy's wait; when null, the ReplicaSets' <c>status.replicas</c> is used.</param>
    /// <exception cref="ArgumentException">The rolling-update bounds are invalid.</exception>
    public static DeploymentSync Compute(
        JsonObject deployment,
        IReadOnlyList<JsonObject> ownedReplicaSets,
        DateTimeOffset now,
        IReadOnlyDictionary<string, int>? activePodsByReplicaSet = null)
    {
        ArgumentNullException.ThrowIfNull(deployment);
        ArgumentNullException.ThrowIfNull(ownedReplicaSets);
        return new DeploymentPlan(deployment, ownedReplicaSets, now, activePodsByReplicaSet).Sync();
    }

    private static int? Limit(int value) => value == int.MaxValue ? null : value;

    private DeploymentSync Sync()
    {
        if (Deleting)
        {
            var (current, old) = FindReplicaSets(createIfMissing: false);
            return Result(CalculateStatus(Join(old, current), current), requeueAfter: null);
        }

        UpdatePausedCondition();

        if (Paused || IsScalingEvent())
        {
            return ScaleOnly();
        }

        return recreate ? RolloutRecreate() : RolloutRolling();
    }

    private DeploymentSync ScaleOnly()
    {
        var (current, old) = FindReplicaSets(createIfMissing: false);
        ScaleProportionally(current, old);
        if (Paused)
        {
            CleanUpHistory(old);
        }

        return Result(CalculateStatus(Join(old, current), current), requeueAfter: null);
    }

    private DeploymentSync RolloutRecreate()
    {
        var (current, old) = FindReplicaSets(createIfMissing: false);
        var scaledDown = false;
        foreach (var rs in old.Where(rs => rs.SpecReplicas > 0))
        {
            scaledDown |= ScaleTo(rs, 0);
        }

        if (scaledDown || OldPodsRunning(old))
        {
            return SyncRolloutStatus(Join(old, current), current);
        }

        if (current is null)
        {
            (current, old) = FindReplicaSets(createIfMissing: true);
        }

        ScaleTo(current!, replicas);
        if (IsComplete(incomingStatus))
        {
            CleanUpHistory(old);
        }

        return SyncRolloutStatus(Join(old, current), current);
    }

    private bool OldPodsRunning(List<ReplicaSetView> old) =>
        old.Sum(rs => rs.StatusReplicas) > 0
        || (activePodsByReplicaSet is not null
            && old.Any(rs => activePodsByReplicaSet.TryGetValue(rs.Name, out var pods) && pods > 0));

    private bool IsScalingEvent()
    {
        var (current, old) = FindReplicaSets(createIfMissing: false);
        return Join(old, current).Where(rs => rs.SpecReplicas > 0)
            .Select(rs => rs.AnnotatedInt(DesiredReplicasAnnotation))
            .Any(desired => desired is not null && desired != replicas);
    }

    private static List<ReplicaSetView> Join(List<ReplicaSetView> old, ReplicaSetView? current) =>
        current is null ? [.. old] : [.. old, current];

    private (ReplicaSetView? Current, List<ReplicaSetView> Old) FindReplicaSets(bool createIfMissing)
    {
        var current = replicaSets.Where(rs => !rs.Created).OrderBy(rs => rs, Comparer<ReplicaSetView>.Create(
                ReplicaSetView.CompareByCreation))
            .FirstOrDefault(rs => PodTemplateHash.EqualIgnoringHash(rs.Template, template)) ?? created;
        var old = replicaSets.Where(rs => rs != current).ToList();
        var newRevision = (old.Count == 0 ? 0 : old.Max(rs => rs.Revision)) + 1;

        if (current is not null)
        {
            var changed = SetNewReplicaSetAnnotations(current, newRevision, exists: true);
            if (current.MinReadySeconds != minReadySeconds)
            {
                current.MinReadySeconds = minReadySeconds;
                changed = true;
            }

            current.Changed |= changed;
            revision = current.Revision.ToString(CultureInfo.InvariantCulture);
            if (HasProgressDeadline && workingStatus.Condition(DeploymentCondition.Progressing) is null)
            {
                SetProgressing("True", "FoundNewReplicaSet", $"Found new replica set \"{current.Name}\"");
            }

            return (current, old);
        }

        if (!createIfMissing)
        {
            return (null, old);
        }

        created = CreateReplicaSet(old, newRevision);
        replicaSets.Add(created);
        revision = created.Revision.ToString(CultureInfo.InvariantCulture);
        if (HasProgressDeadline)
        {
            SetProgressing("True", "NewReplicaSetCreated", $"Created new replica set \"{created.Name}\"");
        }

        return (created, old);
    }

    private ReplicaSetView CreateReplicaSet(List<ReplicaSetView> old, long newRevision)
    {
        string hash;
        string rsName;
        while (true)
        {
            hash = PodTemplateHash.Compute(template, workingStatus.CollisionCount);
            rsName = $"{name}-{hash}";
            if (replicaSets.All(rs => rs.Name != rsName))
            {
                break;
            }

            workingStatus.CollisionCount = (workingStatus.CollisionCount ?? 0) + 1;
        }

        var metadata = ObjectFields.Object(deployment, "metadata");
        var rsTemplate = (JsonObject)template.DeepClone();
        var templateMetadata = rsTemplate["metadata"] as JsonObject ?? [];
        rsTemplate["metadata"] = templateMetadata;
        var labels = templateMetadata["labels"] as JsonObject ?? [];
        templateMetadata["labels"] = labels;
        labels[PodTemplateHash.Label] = hash;
        var selector = ObjectFields.Object(deployment, "spec", "selector")?.DeepClone() as JsonObject ?? [];
        var matchLabels = selector["matchLabels"] as JsonObject ?? [];
        selector["matchLabels"] = matchLabels;
        matchLabels[PodTemplateHash.Label] = hash;

        var replicaSet = new JsonObject
        {
            ["apiVersion"] = "apps/v1",
            ["kind"] = "ReplicaSet",
            ["metadata"] = new JsonObject
            {
                ["name"] = rsName,
                ["namespace"] = ObjectFields.String(metadata, "namespace"),
                ["labels"] = labels.DeepClone(),
                ["ownerReferences"] = new JsonArray(
                    ObjectFields.ControllerReference("apps/v1", "Deployment", deployment)),
            },
            ["spec"] = new JsonObject
            {
                ["replicas"] = NewReplicaSetReplicas(old, null),
                ["minReadySeconds"] = minReadySeconds,
                ["selector"] = selector,
                ["template"] = rsTemplate,
            },
        };
        var view = new ReplicaSetView(replicaSet, created: true);
        SetNewReplicaSetAnnotations(view, newRevision, exists: false);
        return view;
    }

    private bool SetNewReplicaSetAnnotations(ReplicaSetView rs, long newRevision, bool exists)
    {
        var changed = false;
        foreach (var (key, value) in deploymentAnnotations.Where(pair => !AnnotationsNotCopied.Contains(pair.Key)))
        {
            if (!rs.Annotations.TryGetValue(key, out var existing) || existing != value)
            {
                rs.Annotations[key] = value;
                changed = true;
            }
        }

        if (rs.Revision < newRevision)
        {
            rs.Annotations[RevisionAnnotation] = newRevision.ToString(CultureInfo.InvariantCulture);
            changed = true;
        }

        return (!exists && SetReplicasAnnotations(rs)) || changed;
    }

    private bool SetReplicasAnnotations(ReplicaSetView rs)
    {
        var desired = replicas.ToString(CultureInfo.InvariantCulture);
        var max = (replicas + MaxSurge).ToString(CultureInfo.InvariantCulture);
        var changed = false;
        if (!rs.Annotations.TryGetValue(DesiredReplicasAnnotation, out var d) || d != desired)
        {
            rs.Annotations[DesiredReplicasAnnotation] = desired;
            changed = true;
        }

        if (!rs.Annotations.TryGetValue(MaxReplicasAnnotation, out var m) || m != max)
        {
            rs.Annotations[MaxReplicasAnnotation] = max;
            changed = true;
        }

        return changed;
    }

    /// <summary>Scales a ReplicaSet and refreshes its replica annotations; true when its size changed.</summary>
    private bool ScaleTo(ReplicaSetView rs, int size)
    {
        var sizeChanges = rs.SpecReplicas != size;
        var annotationsChange = rs.AnnotatedInt(DesiredReplicasAnnotation) != replicas
            || rs.AnnotatedInt(MaxReplicasAnnotation) != replicas + MaxSurge;
        if (sizeChanges || annotationsChange)
        {
            rs.SpecReplicas = size;
            SetReplicasAnnotations(rs);
            rs.Changed = true;
        }

        return sizeChanges;
    }

    private void CleanUpHistory(List<ReplicaSetView> old)
    {
        if (revisionHistoryLimit is not { } limit)
        {
            return;
        }

        var cleanable = old.Where(rs => !rs.Deleting).ToList();
        var excess = cleanable.Count - limit;
        if (excess <= 0)
        {
            return;
        }

        cleanable.Sort((left, right) => left.Revision != right.Revision
            ? left.Revision.CompareTo(right.Revision)
            : ReplicaSetView.CompareByCreation(left, right));
        foreach (var rs in cleanable.Take(excess))
        {
            if (rs.StatusReplicas == 0 && rs.SpecReplicas == 0 && rs.Generation <= rs.ObservedGeneration)
            {
                deletions.Add(rs.Name);
            }
        }
    }

    private DeploymentSync Result(DeploymentStatusView status, TimeSpan? requeueAfter)
    {
        var statusJson = status.ToJson();
        var incomingJson = ObjectFields.Object(deployment, "status") ?? [];
        var statusChanged = PodTemplateHash.Canonical(WrapForCompare(statusJson))
            != PodTemplateHash.Canonical(WrapForCompare(incomingJson));
        var currentRevision = deploymentAnnotations.GetValueOrDefault(RevisionAnnotation);
        return new DeploymentSync(
            created?.ToObject(),
            replicaSets.Where(rs => rs.Changed && !rs.Created && !deletions.Contains(rs.Name))
                .Select(rs => rs.ToObject()).ToList(),
            deletions,
            revision is not null && revision != currentRevision ? revision : null,
            statusJson,
            statusChanged,
            requeueAfter);
    }

    private static JsonObject WrapForCompare(JsonObject status) => new() { ["status"] = status.DeepClone() };
}
