using System.Text.Json.Nodes;
using Orchestrator.Api.Lifecycle;
using Orchestrator.ControlPlane.Scheduling;

namespace Orchestrator.ControlPlane.Pods;

/// <summary>
/// The pod conditions a kubelet derives from its container statuses, as kube's status manager words them:
/// Initialized (every init container terminated with exit code 0), ContainersReady (every container reported
/// ready) and Ready (ContainersReady and every readiness gate's condition True). Pure: the time is an argument and
/// new JSON is returned.
/// </summary>
public static class PodConditions
{
    /// <summary>
    /// The pod's status.conditions as they should be stored, or null when they already are or the node has not
    /// reported container statuses yet. A condition whose status, reason and message hold is kept untouched; a
    /// changed one keeps its lastTransitionTime when its status is the same and takes <paramref name="now"/>
    /// otherwise. Other conditions (PodScheduled, readiness gates) are kept as they are.
    /// </summary>
    public static JsonArray? Next(JsonObject pod, DateTimeOffset now)
    {
        if (pod["status"]?["containerStatuses"] is not JsonArray)
        {
            return null;
        }

        var existing = pod["status"]?["conditions"] as JsonArray ?? [];
        var initialized = Initialized(pod);
        var containersReady = ContainersReady(pod);
        var ready = containersReady.Status == "True" ? ReadinessGates(pod, existing) : containersReady;

        var next = (JsonArray)existing.DeepClone();
        var changed = Apply(next, "Initialized", initialized, now);
        changed |= Apply(next, "Ready", ready, now);
        changed |= Apply(next, "ContainersReady", containersReady, now);
        return changed ? next : null;
    }

    private static Wanted Initialized(JsonObject pod)
    {
        var statuses = StatusesByName(pod, "initContainerStatuses");
        var incomplete = Names(pod, "initContainers")
            .Where(name => !statuses.TryGetValue(name, out var status) ||
                JsonRead.Integer(status["state"]?["terminated"], "exitCode") != 0)
            .ToList();
        return incomplete.Count == 0 || Phase(pod) == "Succeeded"
            ? Wanted.True
            : new Wanted("False", "ContainersNotInitialized",
                $"containers with incomplete status: [{string.Join(' ', incomplete)}]");
    }

    private static Wanted ContainersReady(JsonObject pod)
    {
        if (Phase(pod) == "Succeeded")
        {
            return new Wanted("False", "PodCompleted", null);
        }

        var statuses = StatusesByName(pod, "containerStatuses");
        var names = Names(pod, "containers");
        var unknown = names.Where(name => !statuses.ContainsKey(name)).ToList();
        var unready = names.Where(name => statuses.TryGetValue(name, out var status) &&
            !JsonRead.Boolean(status, "ready")).ToList();
        var messages = new List<string>();
        if (unknown.Count > 0)
        {
            messages.Add($"containers with unknown status: [{string.Join(' ', unknown)}]");
        }

        if (unready.Count > 0)
        {
            messages.Add($"containers with unready status: [{string.Join(' ', unready)}]");
        }

        return messages.Count == 0
            ? Wanted.True
            : new Wanted("False", "ContainersNotReady", string.Join(", ", messages));
    }

    private static Wanted ReadinessGates(JsonObject pod, JsonArray conditions)
    {
        var messages = new List<string>();
        foreach (var gate in JsonRead.Objects(pod, "spec", "readinessGates"))
        {
            var type = JsonRead.String(gate, "conditionType") ?? "";
            var condition = conditions.OfType<JsonObject>().FirstOrDefault(c => JsonRead.String(c, "type") == type);
            if (condition is null)
            {
                messages.Add($"corresponding condition of pod readiness gate \"{type}\" does not exist.");
            }
            else if (JsonRead.String(condition, "status") is var status && status != "True")
            {
                messages.Add($"the status of pod readiness gate \"{type}\" is not \"True\", but {status}");
            }
        }

        return messages.Count == 0
            ? Wanted.True
            : new Wanted("False", "ReadinessGatesNotReady", string.Join(", ", messages));
    }

    // Sets the condition of the type to what is wanted; true when it changed.
    private static bool Apply(JsonArray conditions, string type, Wanted wanted, DateTimeOffset now)
    {
        var index = -1;
        for (var i = 0; i < conditions.Count; i++)
        {
            if (conditions[i] is JsonObject c && JsonRead.String(c, "type") == type)
            {
                index = i;
                break;
            }
        }

        var current = index >= 0 ? (JsonObject)conditions[index]! : null;
        if (current is not null && JsonRead.String(current, "status") == wanted.Status &&
            JsonRead.String(current, "reason") == wanted.Reason &&
            JsonRead.String(current, "message") == wanted.Message)
        {
            return false;
        }

        var transition = current is not null && JsonRead.String(current, "status") == wanted.Status
            ? JsonRead.String(current, "lastTransitionTime") ?? ObjectMetadata.Timestamp(now)
            : ObjectMetadata.Timestamp(now);
        var condition = new JsonObject
        {
            ["type"] = type,
            ["status"] = wanted.Status,
            ["lastProbeTime"] = null,
            ["lastTransitionTime"] = transition,
        };
        if (wanted.Reason is not null)
        {
            condition["reason"] = wanted.Reason;
        }

        if (wanted.Message is not null)
        {
            condition["message"] = wanted.Message;
        }

        if (index >= 0)
        {
            conditions[index] = condition;
        }
        else
        {
            conditions.Add(condition);
        }

        return true;
    }

    private static string? Phase(JsonObject pod) => JsonRead.String(pod["status"], "phase");

    private static List<string> Names(JsonObject pod, string field) =>
        JsonRead.Objects(pod, "spec", field).Select(c => JsonRead.String(c, "name") ?? "").ToList();

    private static Dictionary<string, JsonObject> StatusesByName(JsonObject pod, string field)
    {
        var statuses = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
        foreach (var status in JsonRead.Objects(pod, "status", field))
        {
            statuses[JsonRead.String(status, "name") ?? ""] = status;
        }

        return statuses;
    }

    private sealed record Wanted(string Status, string? Reason, string? Message)
    {
        public static readonly Wanted True = new("True", null, null);
    }
}
