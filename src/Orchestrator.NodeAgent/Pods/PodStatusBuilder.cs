using System.Globalization;
using System.Text.Json.Nodes;

namespace Orchestrator.NodeAgent.Pods;

/// <summary>
/// A pod's status as kubelet reports it, computed from what the agent observed on the node: phase, conditions,
/// container statuses (waiting, running or terminated, lastState, restartCount, ready, started), addresses and start
/// time. Pure; a condition whose status does not change keeps its lastTransitionTime, so an unchanged pod gives an
/// unchanged status.
/// </summary>
public static class PodStatusBuilder
{
    /// <summary>The scheme of the runtime's container ids in statuses.</summary>
    public const string ContainerIdScheme = "containerd://";

    /// <summary>The status of <paramref name="pod"/> given what was observed at <paramref name="now"/>.</summary>
    public static JsonObject Build(JsonObject pod, PodObservation observed, DateTimeOffset now)
    {
        var previous = pod["status"] as JsonObject;
        var time = Timestamp(now);
        var init = PodJson.InitContainers(pod).ToList();
        var containers = PodJson.Containers(pod).ToList();
        var initialized = init.All(c => observed.Of(NameOf(c)).Current?.Succeeded == true);
        var phase = Phase(pod, observed);

        var initStatuses = new JsonArray();
        foreach (var container in init)
        {
            initStatuses.Add(ContainerStatus(container, observed.Of(NameOf(container)), "PodInitializing", true));
        }

        var statuses = new JsonArray();
        var unready = new List<string>();
        foreach (var container in containers)
        {
            var view = observed.Of(NameOf(container));
            statuses.Add(ContainerStatus(container, view, initialized ? "ContainerCreating" : "PodInitializing",
                false));
            if (view.Current?.Running != true || view.Waiting is not null)
            {
                unready.Add(NameOf(container));
            }
        }

        var conditions = previous?["conditions"] as JsonArray;
        var incomplete = init.Where(c => observed.Of(NameOf(c)).Current?.Succeeded != true).Select(NameOf).ToList();
        var containersReady = unready.Count == 0
            ? Condition("ContainersReady", true, null, null, conditions, time)
            : phase == "Succeeded"
                ? Condition("ContainersReady", false, "PodCompleted", null, conditions, time)
                : Condition("ContainersReady", false, "ContainersNotReady",
                    $"containers with unready status: [{string.Join(' ', unready)}]", conditions, time);
        var ready = containersReady.DeepClone().AsObject();
        ready["type"] = "Ready";
        ready["lastTransitionTime"] = Transition("Ready", PodJson.Text(ready["status"]) == "True", conditions, time);

        var status = new JsonObject
        {
            ["phase"] = phase,
            ["conditions"] = new JsonArray(
                Condition("PodReadyToStartContainers", observed.PodIp is not null, null, null, conditions, time),
                incomplete.Count == 0 || phase == "Succeeded"
                    ? Condition("Initialized", true, null, null, conditions, time)
                    : Condition("Initialized", false, "ContainersNotInitialized",
                        $"containers with incomplete status: [{string.Join(' ', incomplete)}]", conditions, time),
                ready,
                containersReady,
                Condition("PodScheduled", true, null, null, conditions, time)),
            ["hostIP"] = observed.HostIp,
            ["hostIPs"] = new JsonArray(new JsonObject { ["ip"] = observed.HostIp }),
        };
        var podIp = observed.PodIp ?? PodJson.Text(previous?["podIP"]);
        if (!string.IsNullOrEmpty(podIp))
        {
            status["podIP"] = podIp;
            status["podIPs"] = new JsonArray(new JsonObject { ["ip"] = podIp });
        }

        status["startTime"] = PodJson.Text(previous?["startTime"]) ?? time;
        if (init.Count > 0)
        {
            status["initContainerStatuses"] = initStatuses;
        }

        status["containerStatuses"] = statuses;
        if (previous?["qosClass"] is JsonValue qosClass)
        {
            status["qosClass"] = qosClass.DeepClone();
        }

        return status;
    }

    /// <summary>
    /// The pod's phase: Failed when an init container failed under restartPolicy Never; Pending until every init
    /// container succeeded and every container has started once; Running while a container runs or will be
    /// restarted; Succeeded or Failed when every container has exited for good. A finished pod stays finished.
    /// </summary>
    public static string Phase(JsonObject pod, PodObservation observed)
    {
        var previous = PodJson.Text(pod["status"]?["phase"]);
        if (previous is "Succeeded" or "Failed")
        {
            return previous;
        }

        var policy = PodJson.RestartPolicy(pod);
        foreach (var init in PodJson.InitContainers(pod))
        {
            var current = observed.Of(NameOf(init)).Current;
            if (current?.Succeeded == true)
            {
                continue;
            }

            return current is { Exited: true } && policy == "Never" ? "Failed" : "Pending";
        }

        int running = 0, waiting = 0, succeeded = 0, failed = 0;
        foreach (var container in PodJson.Containers(pod))
        {
            var current = observed.Of(NameOf(container)).Current;
            if (current is null || (!current.Running && !current.Exited && current.RestartCount == 0))
            {
                waiting++;
            }
            else if (current.Running || !current.Exited)
            {
                running++;
            }
            else if (current.ExitCode == 0)
            {
                succeeded++;
            }
            else
            {
                failed++;
            }
        }

        if (waiting > 0)
        {
            return "Pending";
        }

        if (running > 0)
        {
            return "Running";
        }

        return policy switch
        {
            "Always" => "Running",
            "OnFailure" => failed > 0 ? "Running" : "Succeeded",
            _ => failed > 0 ? "Failed" : "Succeeded",
        };
    }

    /// <summary>Whether a container that exited with <paramref name="exitCode"/> starts again.</summary>
    public static bool ShouldRestart(string restartPolicy, int exitCode) => restartPolicy switch
    {
        "Never" => false,
        "OnFailure" => exitCode != 0,
        _ => true,
    };

    private static JsonObject ContainerStatus(JsonObject container, ContainerView view, string pending, bool init)
    {
        var current = view.Current;
        var state = view.Waiting is { } waiting ? Waiting(waiting.Reason, waiting.Message)
            : current is null ? Waiting(pending, null)
            : current.Running
                ? new JsonObject { ["running"] = new JsonObject { ["startedAt"] = Time(current.StartedAt) } }
            : current.Exited ? new JsonObject { ["terminated"] = Terminated(current) }
            : Waiting("ContainerCreating", null);

        // A container held back after it exited shows that exit as its last state.
        var last = view.Waiting is not null && current is { Exited: true } ? current
            : current is not null && view.Previous is { Exited: true } previous ? previous
            : null;
        var running = view.Waiting is null && current?.Running == true;
        var status = new JsonObject
        {
            ["name"] = NameOf(container),
            ["state"] = state,
            ["lastState"] = last is null ? new JsonObject() : new JsonObject { ["terminated"] = Terminated(last) },
            ["ready"] = init ? view.Waiting is null && current?.Succeeded == true : running,
            ["restartCount"] = current?.RestartCount ?? 0,
            ["image"] = PodJson.Text(container["image"]) ?? "",
            ["imageID"] = current?.ImageRef ?? "",
            ["started"] = running,
        };
        if (current is not null)
        {
            status["containerID"] = ContainerIdScheme + current.Id;
        }

        return status;
    }

    private static JsonObject Terminated(ObservedContainer container)
    {
        var reason = container.Reason.Length > 0 ? container.Reason
            : container.ExitCode == 0 ? "Completed"
            : "Error";
        var terminated = new JsonObject
        {
            ["exitCode"] = container.ExitCode,
            ["reason"] = reason,
            ["startedAt"] = Time(container.StartedAt),
            ["finishedAt"] = Time(container.FinishedAt),
            ["containerID"] = ContainerIdScheme + container.Id,
        };
        if (container.Message.Length > 0)
        {
            terminated["message"] = container.Message;
        }

        return terminated;
    }

    private static JsonObject Waiting(string reason, string? message)
    {
        var waiting = new JsonObject { ["reason"] = reason };
        if (!string.IsNullOrEmpty(message))
        {
            waiting["message"] = message;
        }

        return new JsonObject { ["waiting"] = waiting };
    }

    private static JsonObject Condition(
        string type, bool status, string? reason, string? message, JsonArray? previous, string time)
    {
        var condition = new JsonObject
        {
            ["type"] = type,
            ["status"] = status ? "True" : "False",
            ["lastProbeTime"] = null,
            ["lastTransitionTime"] = Transition(type, status, previous, time),
        };
        if (reason is not null)
        {
            condition["reason"] = reason;
        }

        if (message is not null)
        {
            condition["message"] = message;
        }

        return condition;
    }

    private static string Transition(string type, bool status, JsonArray? previous, string time)
    {
        var before = previous?.OfType<JsonObject>().FirstOrDefault(c => PodJson.Text(c["type"]) == type);
        return before is not null && PodJson.Text(before["status"]) == (status ? "True" : "False")
            ? PodJson.Text(before["lastTransitionTime"]) ?? time
            : time;
    }

    private static string NameOf(JsonObject container) => PodJson.Text(container["name"]) ?? "";

    private static string? Time(long unixNanos) =>
        unixNanos <= 0 ? null : Timestamp(DateTimeOffset.UnixEpoch.AddTicks(unixNanos / 100));

    private static string Timestamp(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
