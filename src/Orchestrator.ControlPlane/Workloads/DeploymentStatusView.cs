using System.Text.Json.Nodes;

namespace Orchestrator.ControlPlane.Workloads;

/// <summary>The counts and conditions of a Deployment's status during a sync.</summary>
internal sealed class DeploymentStatusView
{
    public long ObservedGeneration { get; init; }

    public int Replicas { get; init; }

    public int UpdatedReplicas { get; init; }

    public int ReadyReplicas { get; init; }

    public int AvailableReplicas { get; init; }

    public int UnavailableReplicas { get; init; }

    public int? CollisionCount { get; set; }

    public List<DeploymentCondition> Conditions { get; init; } = [];

    public DeploymentCondition? Condition(string type) => Conditions.Find(condition => condition.Type == type);

    public static DeploymentStatusView From(JsonObject? status) => new()
    {
        ObservedGeneration = ObjectFields.Long(status, "observedGeneration"),
        Replicas = ObjectFields.Int(status, "replicas") ?? 0,
        UpdatedReplicas = ObjectFields.Int(status, "updatedReplicas") ?? 0,
        ReadyReplicas = ObjectFields.Int(status, "readyReplicas") ?? 0,
        AvailableReplicas = ObjectFields.Int(status, "availableReplicas") ?? 0,
        UnavailableReplicas = ObjectFields.Int(status, "unavailableReplicas") ?? 0,
        CollisionCount = ObjectFields.Int(status, "collisionCount"),
        Conditions = (status?["conditions"] as JsonArray ?? [])
            .Select(DeploymentCondition.From).OfType<DeploymentCondition>().ToList(),
    };

    /// <summary>Renders the status as Kubernetes does, leaving out zero counts.</summary>
    public JsonObject ToJson()
    {
        var status = new JsonObject { ["observedGeneration"] = ObservedGeneration };
        AddCount(status, "replicas", Replicas);
        AddCount(status, "updatedReplicas", UpdatedReplicas);
        AddCount(status, "readyReplicas", ReadyReplicas);
        AddCount(status, "availableReplicas", AvailableReplicas);
        AddCount(status, "unavailableReplicas", UnavailableReplicas);
        if (Conditions.Count > 0)
        {
            status["conditions"] = new JsonArray(
                Conditions.Select(condition => (JsonNode)condition.ToJson()).ToArray());
        }

        if (CollisionCount is { } collisions)
        {
            status["collisionCount"] = collisions;
        }

        return status;
    }

    private static void AddCount(JsonObject status, string name, int value)
    {
        if (value != 0)
        {
            status[name] = value;
        }
    }
}
