using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace Orchestrator.ControlPlane.Scheduling;

/// <summary>
/// The core/v1 Events the scheduler records about a pod (Scheduled, FailedScheduling). An event's name is derived
/// from the pod's uid, the reason and the message, so recording the same thing again finds the same event and
/// counts it instead of adding a duplicate, on any silo and after restarts. Pure.
/// </summary>
public static class SchedulerEvents
{
    /// <summary>The component that reports the events.</summary>
    public const string Component = PodBinding.DefaultSchedulerName;

    /// <summary>The reason of the event recorded when a pod is bound.</summary>
    public const string Scheduled = "Scheduled";

    /// <summary>The reason of the event recorded when no node can take a pod.</summary>
    public const string FailedScheduling = "FailedScheduling";

    /// <summary>"Successfully assigned ns/pod to node".</summary>
    public static string ScheduledMessage(string @namespace, string pod, string node) =>
        $"Successfully assigned {@namespace}/{pod} to {node}";

    /// <summary>The event's name: the pod's name and 16 hex digits of a hash of uid, reason and message.</summary>
    public static string NameFor(string podName, string podUid, string reason, string message)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{podUid}\n{reason}\n{message}"));
        return $"{podName}.{Convert.ToHexStringLower(hash, 0, 8)}";
    }

    /// <summary>A new event about the pod, counted once, first and last seen at <paramref name="timestamp"/>.</summary>
    public static JsonObject New(JsonObject pod, string type, string reason, string message, string timestamp)
    {
        var name = JsonRead.Name(pod);
        var ns = JsonRead.Namespace(pod);
        var uid = JsonRead.String(pod["metadata"], "uid") ?? "";
        return new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Event",
            ["metadata"] = new JsonObject { ["name"] = NameFor(name, uid, reason, message), ["namespace"] = ns },
            ["involvedObject"] = new JsonObject
            {
                ["apiVersion"] = "v1",
                ["kind"] = "Pod",
                ["namespace"] = ns,
                ["name"] = name,
                ["uid"] = uid,
                ["resourceVersion"] = JsonRead.String(pod["metadata"], "resourceVersion"),
            },
            ["reason"] = reason,
            ["message"] = message,
            ["source"] = new JsonObject { ["component"] = Component },
            ["firstTimestamp"] = timestamp,
            ["lastTimestamp"] = timestamp,
            ["count"] = 1,
            ["type"] = type,
            ["eventTime"] = null,
            ["reportingComponent"] = Component,
            ["reportingInstance"] = "",
        };
    }

    /// <summary>The event seen once more at <paramref name="timestamp"/>: count up, lastTimestamp moved.</summary>
    public static void Repeat(JsonObject recorded, string timestamp)
    {
        recorded["count"] = (JsonRead.Integer(recorded, "count") ?? 1) + 1;
        recorded["lastTimestamp"] = timestamp;
    }
}
