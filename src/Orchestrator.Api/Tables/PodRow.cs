using System.Globalization;
using System.Text.Json.Nodes;
using Orchestrator.Api.Objects;

namespace Orchestrator.Api.Tables;

/// <summary>
/// The cells of a pod's row: readiness, the one-word status kubectl users know (<c>ContainerCreating</c>,
/// <c>CrashLoopBackOff</c>, <c>Init:0/1</c>, <c>Completed</c>, <c>Terminating</c>), restarts with the age of the last
/// one, and the wide columns.
/// </summary>
internal static class PodRow
{
    public static JsonArray Cells(JsonObject pod, DateTimeOffset now)
    {
        var metadata = pod.ObjectAt("metadata");
        var spec = pod.ObjectAt("spec");
        var status = pod.ObjectAt("status");
        var summary = Summarize(pod);

        var restarts = summary.Restarts.ToString(CultureInfo.InvariantCulture);
        if (summary.Restarts != 0 && summary.LastRestart is { } last)
        {
            restarts = $"{restarts} ({HumanDuration.Since(last, now)} ago)";
        }

        var podIp = status.ObjectsAt("podIPs").Select(p => p.StringAt("ip")).FirstOrDefault()
            ?? status.StringAt("podIP");
        return
        [
            metadata.StringAt("name") ?? "",
            $"{summary.Ready}/{summary.Total}",
            summary.Reason,
            restarts,
            HumanDuration.Since(metadata.TimestampAt("creationTimestamp"), now),
            OrNone(podIp),
            OrNone(spec.StringAt("nodeName")),
            OrNone(status.StringAt("nominatedNodeName")),
            ReadinessGates(spec, status),
        ];
    }

    public static JsonArray? Conditions(JsonObject pod) => pod.ObjectAt("status").StringAt("phase") switch
    {
        "Succeeded" => [Completed("Succeeded", "The pod has completed successfully.")],
        "Failed" => [Completed("Failed", "The pod failed.")],
        _ => null,
    };

    /// <summary>The STATUS column alone, for tests and callers that only need the word.</summary>
    public static string Reason(JsonObject pod) => Summarize(pod).Reason;

    private static PodSummary Summarize(JsonObject pod)
    {
        var spec = pod.ObjectAt("spec");
        var status = pod.ObjectAt("status");
        var phase = status.StringAt("phase") ?? "";
        var reason = status.StringAt("reason") is { Length: > 0 } statusReason ? statusReason : phase;
        if (status.ObjectsAt("conditions").Any(c =>
                c.StringAt("type") == "PodScheduled" && c.StringAt("reason") == "SchedulingGated"))
        {
            reason = "SchedulingGated";
        }

        var initContainers = spec.ObjectsAt("initContainers").ToList();
        var sidecars = initContainers
            .Where(c => c.StringAt("restartPolicy") == "Always")
            .Select(c => c.StringAt("name") ?? "")
            .ToHashSet(StringComparer.Ordinal);
        var total = spec.ObjectsAt("containers").Count() + sidecars.Count;
        var ready = 0;
        var restarts = 0L;
        var sidecarRestarts = 0L;
        DateTimeOffset? lastRestart = null;
        DateTimeOffset? lastSidecarRestart = null;

        var initializing = false;
        var initStatuses = status.ObjectsAt("initContainerStatuses").ToList();
        for (var i = 0; i < initStatuses.Count; i++)
        {
            var container = initStatuses[i];
            var isSidecar = sidecars.Contains(container.StringAt("name") ?? "");
            var count = container.IntegerAt("restartCount") ?? 0;
            var finished = container.ObjectAt("lastState").ObjectAt("terminated").TimestampAt("finishedAt");
            restarts += count;
            lastRestart = Latest(lastRestart, finished);
            if (isSidecar)
            {
                sidecarRestarts += count;
                lastSidecarRestart = Latest(lastSidecarRestart, finished);
            }

            var state = container.ObjectAt("state");
            var terminated = state.ObjectAt("terminated");
            var waitingReason = state.ObjectAt("waiting").StringAt("reason") ?? "";
            if (terminated is not null && (terminated.IntegerAt("exitCode") ?? 0) == 0)
            {
                continue;
            }

            if (isSidecar && container.BooleanAt("started") == true)
            {
                ready += container.BooleanAt("ready") == true ? 1 : 0;
                continue;
            }

            initializing = true;
            if (terminated is not null)
            {
                reason = "Init:" + TerminatedReason(terminated);
            }
            else if (waitingReason.Length > 0 && waitingReason != "PodInitializing")
            {
                reason = "Init:" + waitingReason;
            }
            else
            {
                reason = $"Init:{i}/{initContainers.Count}";
            }

            break;
        }

        if (!initializing || HasTrueCondition(status, "Initialized"))
        {
            restarts = sidecarRestarts;
            lastRestart = lastSidecarRestart;
            var hasRunning = false;
            var statuses = status.ObjectsAt("containerStatuses").ToList();
            for (var i = statuses.Count - 1; i >= 0; i--)
            {
                var container = statuses[i];
                restarts += container.IntegerAt("restartCount") ?? 0;
                lastRestart = Latest(
                    lastRestart, container.ObjectAt("lastState").ObjectAt("terminated").TimestampAt("finishedAt"));
                var state = container.ObjectAt("state");
                var terminated = state.ObjectAt("terminated");
                if (state.ObjectAt("waiting").StringAt("reason") is { Length: > 0 } waiting)
                {
                    reason = waiting;
                }
                else if (terminated is not null)
                {
                    reason = TerminatedReason(terminated);
                }
                else if (container.BooleanAt("ready") == true && state.ObjectAt("running") is not null)
                {
                    hasRunning = true;
                    ready++;
                }
            }

            if (reason == "Completed" && hasRunning)
            {
                reason = HasTrueCondition(status, "Ready") ? "Running" : "NotReady";
            }
        }

        var deleting = pod.ObjectAt("metadata").StringAt("deletionTimestamp") is { Length: > 0 };
        if (deleting && status.StringAt("reason") == "NodeLost")
        {
            reason = "Unknown";
        }
        else if (deleting && phase is not ("Succeeded" or "Failed"))
        {
            reason = "Terminating";
        }

        return new PodSummary(ready, total, reason, restarts, lastRestart);
    }

    private static string TerminatedReason(JsonObject terminated)
    {
        if (terminated.StringAt("reason") is { Length: > 0 } reason)
        {
            return reason;
        }

        var signal = terminated.IntegerAt("signal") ?? 0;
        return signal != 0
            ? $"Signal:{signal}"
            : $"ExitCode:{terminated.IntegerAt("exitCode") ?? 0}";
    }

    private static string ReadinessGates(JsonObject? spec, JsonObject? status)
    {
        var gates = spec.ObjectsAt("readinessGates").ToList();
        if (gates.Count == 0)
        {
            return "<none>";
        }

        var conditions = status.ObjectsAt("conditions").ToList();
        var passing = gates.Count(g =>
            conditions.FirstOrDefault(c => c.StringAt("type") == g.StringAt("conditionType"))
                .StringAt("status") == "True");
        return $"{passing}/{gates.Count}";
    }

    private static bool HasTrueCondition(JsonObject? status, string type) =>
        status.ObjectsAt("conditions").Any(c => c.StringAt("type") == type && c.StringAt("status") == "True");

    private static DateTimeOffset? Latest(DateTimeOffset? current, DateTimeOffset? candidate) =>
        candidate is { } at && (current is null || at > current) ? at : current;

    private static JsonObject Completed(string reason, string message) => new()
    {
        ["type"] = "Completed",
        ["status"] = "True",
        ["reason"] = reason,
        ["message"] = message,
    };

    private static string OrNone(string? value) => string.IsNullOrEmpty(value) ? "<none>" : value;

    private sealed record PodSummary(int Ready, int Total, string Reason, long Restarts, DateTimeOffset? LastRestart);
}
