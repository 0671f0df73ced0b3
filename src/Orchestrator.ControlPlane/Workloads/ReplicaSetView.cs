using System.Globalization;
using System.Text.Json.Nodes;

namespace Orchestrator.ControlPlane.Workloads;

/// <summary>A working copy of one ReplicaSet during a deployment sync; changes are rendered back at the end.</summary>
internal sealed class ReplicaSetView
{
    private readonly JsonObject source;

    public ReplicaSetView(JsonObject replicaSet, bool created = false)
    {
        source = replicaSet;
        var metadata = ObjectFields.Object(replicaSet, "metadata");
        var spec = ObjectFields.Object(replicaSet, "spec");
        var status = ObjectFields.Object(replicaSet, "status");
        Name = ObjectFields.String(metadata, "name") ?? "";
        CreatedAt = ObjectFields.Time(metadata, "creationTimestamp");
        Deleting = metadata?["deletionTimestamp"] is not null;
        Generation = ObjectFields.Long(metadata, "generation");
        Annotations = ObjectFields.StringMap(ObjectFields.Object(metadata, "annotations"));
        Template = ObjectFields.Object(spec, "template");
        SpecReplicas = ObjectFields.Int(spec, "replicas") ?? 1;
        MinReadySeconds = ObjectFields.Int(spec, "minReadySeconds") ?? 0;
        StatusReplicas = ObjectFields.Int(status, "replicas") ?? 0;
        ReadyReplicas = ObjectFields.Int(status, "readyReplicas") ?? 0;
        AvailableReplicas = ObjectFields.Int(status, "availableReplicas") ?? 0;
        ObservedGeneration = ObjectFields.Long(status, "observedGeneration");
        Created = created;
    }

    public string Name { get; }

    public DateTimeOffset? CreatedAt { get; }

    public bool Deleting { get; }

    public long Generation { get; }

    public long ObservedGeneration { get; }

    public Dictionary<string, string> Annotations { get; }

    public JsonObject? Template { get; }

    public int SpecReplicas { get; set; }

    public int MinReadySeconds { get; set; }

    public int StatusReplicas { get; }

    public int ReadyReplicas { get; }

    public int AvailableReplicas { get; }

    public bool Created { get; }

    public bool Changed { get; set; }

    public long Revision => Annotations.TryGetValue(DeploymentPlan.RevisionAnnotation, out var text)
        && long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var revision) ? revision : 0;

    public int? AnnotatedInt(string annotation) => Annotations.TryGetValue(annotation, out var text)
        && int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : null;

    /// <summary>Oldest first; equal timestamps by name, as Kubernetes orders ReplicaSets by creation.</summary>
    public static int CompareByCreation(ReplicaSetView left, ReplicaSetView right)
    {
        var byTime = Nullable.Compare(left.CreatedAt, right.CreatedAt);
        return byTime != 0 ? byTime : string.CompareOrdinal(left.Name, right.Name);
    }

    public JsonObject ToObject()
    {
        var copy = (JsonObject)source.DeepClone();
        var metadata = copy["metadata"] as JsonObject ?? [];
        copy["metadata"] = metadata;
        metadata["annotations"] = ObjectFields.ToObject(Annotations);
        var spec = copy["spec"] as JsonObject ?? [];
        copy["spec"] = spec;
        spec["replicas"] = SpecReplicas;
        if (MinReadySeconds != 0 || spec["minReadySeconds"] is not null)
        {
            spec["minReadySeconds"] = MinReadySeconds;
        }

        return copy;
    }
}
