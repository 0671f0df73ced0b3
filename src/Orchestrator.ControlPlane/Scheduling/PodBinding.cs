using System.Text.Json.Nodes;

namespace Orchestrator.ControlPlane.Scheduling;

/// <summary>
/// The changes the scheduler makes to a pod, as the API makes them: binding (pods/{name}/binding sets
/// spec.nodeName once and PodScheduled=True) and the PodScheduled=False/Unschedulable condition. Pure: each
/// changes the given JSON and says whether anything changed.
/// </summary>
public static class PodBinding
{
    /// <summary>The scheduler name a pod without spec.schedulerName is scheduled by.</summary>
    public const string DefaultSchedulerName = "default-scheduler";

    /// <summary>The condition saying whether the pod has a node.</summary>
    public const string ScheduledCondition = "PodScheduled";

    /// <summary>The PodScheduled reason when no node can take the pod.</summary>
    public const string UnschedulableReason = "Unschedulable";

    /// <summary>
    /// Whether the default scheduler should place the pod: no spec.nodeName, schedulerName default-scheduler or
    /// unset, not being deleted, not finished.
    /// </summary>
    public static bool NeedsScheduling(JsonObject pod)
    {
        var spec = JsonRead.Object(pod, "spec");
        return string.IsNullOrEmpty(JsonRead.String(spec, "nodeName"))
            && JsonRead.String(spec, "schedulerName") is null or "" or DefaultSchedulerName
            && JsonRead.String(pod["metadata"], "deletionTimestamp") is null
            && !NodeView.IsTerminal(pod);
    }

    /// <summary>The node the pod is bound to, or null.</summary>
    public static string? NodeOf(JsonObject pod) =>
        JsonRead.String(JsonRead.Object(pod, "spec"), "nodeName") is { Length: > 0 } node ? node : null;

    /// <summary>
    /// Binds the pod to the node: spec.nodeName and PodScheduled=True (replacing an Unschedulable reason).
    /// Returns false, changing nothing, when the pod already has a node or is being deleted (the binding
    /// subresource answers 409 Conflict then).
    /// </summary>
    public static bool Bind(JsonObject pod, string node, string timestamp)
    {
        if (NodeOf(pod) is not null || JsonRead.String(pod["metadata"], "deletionTimestamp") is not null)
        {
            return false;
        }

        if (pod["spec"] is not JsonObject spec)
        {
            pod["spec"] = spec = new JsonObject();
        }

        spec["nodeName"] = node;
        SetCondition(pod, "True", null, null, timestamp);
        return true;
    }

    /// <summary>
    /// Sets PodScheduled=False, reason Unschedulable, with the FailedScheduling message; false when the pod
    /// already says exactly that. lastTransitionTime moves only when the status changes.
    /// </summary>
    public static bool MarkUnschedulable(JsonObject pod, string message, string timestamp) =>
        SetCondition(pod, "False", UnschedulableReason, message, timestamp);

    private static bool SetCondition(JsonObject pod, string status, string? reason, string? message, string timestamp)
    {
        if (pod["status"] is not JsonObject podStatus)
        {
            pod["status"] = podStatus = new JsonObject();
        }

        if (podStatus["conditions"] is not JsonArray conditions)
        {
            podStatus["conditions"] = conditions = new JsonArray();
        }

        var existing = conditions.OfType<JsonObject>()
            .FirstOrDefault(c => JsonRead.String(c, "type") == ScheduledCondition);
        if (existing is not null && JsonRead.String(existing, "status") == status
            && JsonRead.String(existing, "reason") == reason && JsonRead.String(existing, "message") == message)
        {
            return false;
        }

        var transition = existing is not null && JsonRead.String(existing, "status") == status
            ? existing["lastTransitionTime"]?.DeepClone()
            : timestamp;
        var condition = new JsonObject
        {
            ["type"] = ScheduledCondition,
            ["status"] = status,
            ["lastProbeTime"] = null,
            ["lastTransitionTime"] = transition ?? timestamp,
        };
        if (reason is not null)
        {
            condition["reason"] = reason;
        }

        if (message is not null)
        {
            condition["message"] = message;
        }

        if (existing is null)
        {
            conditions.Add(condition);
        }
        else
        {
            conditions[conditions.IndexOf(existing)] = condition;
        }

        return true;
    }
}
