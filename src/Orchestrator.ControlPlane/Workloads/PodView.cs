using System.Text.Json.Nodes;

namespace Orchestrator.ControlPlane.Workloads;

/// <summary>The facts about a pod that a ReplicaSet sync decides on.</summary>
internal sealed class PodView
{
    public PodView(JsonObject pod)
    {
        Pod = pod;
        var metadata = ObjectFields.Object(pod, "metadata");
        var status = ObjectFields.Object(pod, "status");
        Name = ObjectFields.String(metadata, "name") ?? "";
        Uid = ObjectFields.String(metadata, "uid") ?? "";
        Labels = ObjectFields.StringMap(ObjectFields.Object(metadata, "labels"));
        CreatedAt = ObjectFields.Time(metadata, "creationTimestamp");
        Deleting = metadata?["deletionTimestamp"] is not null;
        ControllerUid = ObjectFields.ControllerUid(pod);
        NodeName = ObjectFields.String(ObjectFields.Object(pod, "spec"), "nodeName") ?? "";
        Phase = ObjectFields.String(status, "phase") ?? "Pending";
        var ready = (status?["conditions"] as JsonArray ?? []).OfType<JsonObject>()
            .FirstOrDefault(condition => ObjectFields.String(condition, "type") == "Ready");
        Ready = ObjectFields.String(ready, "status") == "True";
        ReadySince = Ready ? ObjectFields.Time(ready, "lastTransitionTime") : null;
        Restarts = (status?["containerStatuses"] as JsonArray ?? []).OfType<JsonObject>()
            .Select(container => ObjectFields.Int(container, "restartCount") ?? 0).DefaultIfEmpty(0).Max();
        var annotations = ObjectFields.StringMap(ObjectFields.Object(metadata, "annotations"));
        DeletionCost = annotations.TryGetValue("controller.kubernetes.io/pod-deletion-cost", out var cost)
            && int.TryParse(cost, out var parsed) ? parsed : 0;
    }

    public JsonObject Pod { get; }

    public string Name { get; }

    public string Uid { get; }

    public Dictionary<string, string> Labels { get; }

    public DateTimeOffset? CreatedAt { get; }

    public bool Deleting { get; }

    public string? ControllerUid { get; }

    public string NodeName { get; }

    public string Phase { get; }

    public bool Ready { get; }

    public DateTimeOffset? ReadySince { get; }

    public int Restarts { get; }

    public int DeletionCost { get; }

    /// <summary>Pods on the same node from the same owner, this one included; doubled-up pods go first.</summary>
    public int Rank { get; set; }

    public bool Active => Phase is not ("Succeeded" or "Failed") && !Deleting;

    public bool IsAvailable(int minReadySeconds, DateTimeOffset now) =>
        Ready && (minReadySeconds == 0 || (ReadySince is { } since && since.AddSeconds(minReadySeconds) < now));
}
