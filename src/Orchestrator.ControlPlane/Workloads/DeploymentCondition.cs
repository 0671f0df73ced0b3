using System.Text.Json.Nodes;

namespace Orchestrator.ControlPlane.Workloads;

/// <summary>One entry of <c>status.conditions</c> of a Deployment.</summary>
internal sealed record DeploymentCondition(
    string Type,
    string Status,
    string Reason,
    string Message,
    DateTimeOffset LastUpdateTime,
    DateTimeOffset LastTransitionTime)
{
    public const string Progressing = "Progressing";
    public const string Available = "Available";

    public static DeploymentCondition? From(JsonNode? node)
    {
        if (node is not JsonObject obj || ObjectFields.String(obj, "type") is not { } type)
        {
            return null;
        }

        var transition = ObjectFields.Time(obj, "lastTransitionTime") ?? DateTimeOffset.UnixEpoch;
        return new DeploymentCondition(
            type,
            ObjectFields.String(obj, "status") ?? "Unknown",
            ObjectFields.String(obj, "reason") ?? "",
            ObjectFields.String(obj, "message") ?? "",
            ObjectFields.Time(obj, "lastUpdateTime") ?? transition,
            transition);
    }

    /// <summary>
    /// Sets a condition as Kubernetes does: nothing changes when status and reason are the same, and the
    /// transition time is kept when only the reason changes.
    /// </summary>
    public static void Set(List<DeploymentCondition> conditions, DeploymentCondition condition)
    {
        var index = conditions.FindIndex(existing => existing.Type == condition.Type);
        if (index < 0)
        {
            conditions.Add(condition);
            return;
        }

        var current = conditions[index];
        if (current.Status == condition.Status && current.Reason == condition.Reason)
        {
            return;
        }

        if (current.Status == condition.Status)
        {
            condition = condition with { LastTransitionTime = current.LastTransitionTime };
        }

        conditions.RemoveAt(index);
        conditions.Add(condition);
    }

    public JsonObject ToJson() => new()
    {
        ["type"] = Type,
        ["status"] = Status,
        ["lastUpdateTime"] = ObjectFields.FormatTime(LastUpdateTime),
        ["lastTransitionTime"] = ObjectFields.FormatTime(LastTransitionTime),
        ["reason"] = Reason,
        ["message"] = Message,
    };
}
