using System.Globalization;
using System.Text.Json.Nodes;
using Orchestrator.Contracts.Nodes;
using Orchestrator.ControlPlane.Scheduling;

namespace Orchestrator.ControlPlane.Nodes;

/// <summary>
/// The node lifecycle's decisions, as kube-controller-manager's node lifecycle controller makes them: a node whose
/// kubelet stopped renewing its Lease gets its conditions Unknown; a node that is not Ready carries the not-ready or
/// unreachable taints (NoSchedule and NoExecute) and loses them when Ready again; the pods of a node that stayed
/// lost past the eviction timeout go. Pure: the time is an argument and new JSON is returned.
/// </summary>
public static class NodeHealth
{
    /// <summary>The taint of a node whose Ready condition is Unknown.</summary>
    public const string UnreachableTaint = "node.kubernetes.io/unreachable";

    /// <summary>The taint of a node whose Ready condition is False.</summary>
    public const string NotReadyTaint = "node.kubernetes.io/not-ready";

    /// <summary>The message of a condition set Unknown because the Lease went stale.</summary>
    public const string StoppedPostingMessage = "Kubelet stopped posting node status.";

    private static readonly string[] KubeletConditions = ["Ready", "MemoryPressure", "DiskPressure", "PIDPressure"];

    /// <summary>
    /// The node as it should be stored, or null when it already is: when <paramref name="leaseExpired"/>, its
    /// kubelet conditions (Ready at least) become Unknown with reason NodeStatusUnknown; then its taints follow
    /// Ready (Unknown: unreachable, False: not-ready, True: neither). Other taints are kept.
    /// </summary>
    public static JsonObject? Next(JsonObject node, bool leaseExpired, DateTimeOffset now)
    {
        var next = node.DeepClone().AsObject();
        var changed = leaseExpired && MarkUnknown(next, now);
        changed |= SetTaints(next, ReadyStatus(next), now);
        return changed ? next : null;
    }

    /// <summary>The status of the node's Ready condition ("True", "False", "Unknown"), or null when absent.</summary>
    public static string? ReadyStatus(JsonObject node) => Condition(node, "Ready") is { } ready
        ? JsonRead.String(ready, "status")
        : null;

    /// <summary>
    /// Whether the node's pods are to be deleted: Ready has been False or Unknown for at least
    /// <paramref name="evictionTimeout"/> (from the condition's lastTransitionTime).
    /// </summary>
    public static bool ShouldEvict(JsonObject node, DateTimeOffset now, TimeSpan evictionTimeout) =>
        EvictionDueIn(node, now, evictionTimeout) == TimeSpan.Zero;

    /// <summary>
    /// How long until the node's pods are to be deleted (zero when due now), or null while Ready is True or absent:
    /// the eviction timeout runs from the lastTransitionTime of a False or Unknown Ready condition.
    /// </summary>
    public static TimeSpan? EvictionDueIn(JsonObject node, DateTimeOffset now, TimeSpan evictionTimeout)
    {
        if (Condition(node, "Ready") is not { } ready || JsonRead.String(ready, "status") is not ("False" or "Unknown"))
        {
            return null;
        }

        var since = DateTimeOffset.TryParse(JsonRead.String(ready, "lastTransitionTime"),
            CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var transition)
            ? transition
            : now;
        var left = since + evictionTimeout - now;
        return left > TimeSpan.Zero ? left : TimeSpan.Zero;
    }

    /// <summary>
    /// Whether the pod stays on a lost node for good: it tolerates the node's NoExecute taint with no
    /// tolerationSeconds (as DaemonSet pods do).
    /// </summary>
    public static bool ToleratesForever(JsonObject pod, string taintKey) =>
        JsonRead.Objects(pod, "spec", "tolerations").Any(t =>
            t["tolerationSeconds"] is null &&
            JsonRead.String(t, "effect") is null or "" or "NoExecute" &&
            (JsonRead.String(t, "key") is { Length: > 0 } key
                ? key == taintKey && JsonRead.String(t, "operator") is null or "Equal" or "Exists"
                : JsonRead.String(t, "operator") == "Exists"));

    /// <summary>The NoExecute taint the node carries for its Ready status, or null when Ready is True.</summary>
    public static string? LostTaintKey(JsonObject node) => ReadyStatus(node) switch
    {
        "Unknown" => UnreachableTaint,
        "False" => NotReadyTaint,
        _ => null,
    };

    /// <summary>What the node offers the scheduler's capacity ledger (allocatable, labels, taints, cordon).</summary>
    public static NodeCapacity CapacityOf(JsonObject node)
    {
        var view = NodeView.From(node, []);
        return new NodeCapacity
        {
            MilliCpu = view.AllocatableMilliCpu,
            Memory = view.AllocatableMemory,
            Pods = view.AllocatablePods,
            Labels = new SortedDictionary<string, string>(
                view.Labels.ToDictionary(kv => kv.Key, kv => kv.Value), StringComparer.Ordinal),
            Taints = JsonRead.Objects(node, "spec", "taints")
                .Select(t => new NodeTaint(
                    JsonRead.String(t, "key") ?? "", JsonRead.String(t, "value") ?? "",
                    JsonRead.String(t, "effect") ?? ""))
                .ToList(),
            Unschedulable = JsonRead.Boolean(node["spec"], "unschedulable"),
        };
    }

    /// <summary>A text equal for two capacities exactly when the ledger would hold the same.</summary>
    public static string Fingerprint(NodeCapacity capacity) => string.Join("|",
        capacity.MilliCpu.ToString(CultureInfo.InvariantCulture),
        capacity.Memory.ToString(CultureInfo.InvariantCulture),
        capacity.Pods.ToString(CultureInfo.InvariantCulture),
        capacity.Unschedulable ? "cordoned" : "open",
        string.Join(",", capacity.Labels.OrderBy(kv => kv.Key, StringComparer.Ordinal)
            .Select(kv => kv.Key + "=" + kv.Value)),
        string.Join(",", capacity.Taints.Select(t => t.Key + "=" + t.Value + ":" + t.Effect)));

    private static bool MarkUnknown(JsonObject node, DateTimeOffset now)
    {
        var status = node["status"] as JsonObject ?? [];
        node["status"] = status;
        var conditions = status["conditions"] as JsonArray ?? [];
        status["conditions"] = conditions;

        var changed = false;
        if (Condition(node, "Ready") is null)
        {
            conditions.Add(new JsonObject
            {
                ["type"] = "Ready",
                ["status"] = "Unknown",
                ["lastHeartbeatTime"] = Timestamp(now),
                ["lastTransitionTime"] = Timestamp(now),
                ["reason"] = "NodeStatusNeverUpdated",
                ["message"] = "Kubelet never posted node status.",
            });
            changed = true;
        }

        foreach (var condition in conditions.OfType<JsonObject>())
        {
            if (!KubeletConditions.Contains(JsonRead.String(condition, "type")) ||
                JsonRead.String(condition, "status") == "Unknown")
            {
                continue;
            }

            condition["status"] = "Unknown";
            condition["reason"] = "NodeStatusUnknown";
            condition["message"] = StoppedPostingMessage;
            condition["lastTransitionTime"] = Timestamp(now);
            changed = true;
        }

        return changed;
    }

    private static bool SetTaints(JsonObject node, string? ready, DateTimeOffset now)
    {
        var wanted = ready switch
        {
            "Unknown" => UnreachableTaint,
            "False" => NotReadyTaint,
            _ => null,
        };
        var spec = node["spec"] as JsonObject ?? [];
        var taints = spec["taints"] as JsonArray ?? [];
        var kept = new JsonArray();
        var changed = false;
        foreach (var taint in taints.OfType<JsonObject>())
        {
            var key = JsonRead.String(taint, "key");
            if (key is UnreachableTaint or NotReadyTaint && key != wanted)
            {
                changed = true;
                continue;
            }

            kept.Add(taint.DeepClone());
        }

        if (wanted is not null)
        {
            foreach (var effect in new[] { "NoSchedule", "NoExecute" })
            {
                if (kept.OfType<JsonObject>().Any(t =>
                    JsonRead.String(t, "key") == wanted && JsonRead.String(t, "effect") == effect))
                {
                    continue;
                }

                var taint = new JsonObject { ["key"] = wanted, ["effect"] = effect };
                if (effect == "NoExecute")
                {
                    taint["timeAdded"] = Timestamp(now);
                }

                kept.Add(taint);
                changed = true;
            }
        }

        if (!changed)
        {
            return false;
        }

        if (kept.Count == 0)
        {
            spec.Remove("taints");
        }
        else
        {
            spec["taints"] = kept;
        }

        node["spec"] = spec;
        return true;
    }

    private static JsonObject? Condition(JsonObject node, string type) =>
        JsonRead.Objects(node, "status", "conditions").FirstOrDefault(c => JsonRead.String(c, "type") == type);

    private static string Timestamp(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
