using System.Globalization;
using System.Text.Json.Nodes;
using Orchestrator.Api.Server;

namespace Orchestrator.Api.Handlers;

/// <summary>
/// The checks kube-apiserver makes before it sends pods/log, exec, attach or portforward on to the pod's node: which
/// container (the one named, the only one, or the kubectl.kubernetes.io/default-container annotation), whether it
/// exists and has started, and where the node's agent listens. Pure functions over the pod and node JSON.
/// </summary>
public static class PodStreamTarget
{
    /// <summary>The annotation naming the container kubectl and these subresources use when none is named.</summary>
    public const string DefaultContainerAnnotation = "kubectl.kubernetes.io/default-container";

    private static readonly string[] ContainerLists = ["containers", "initContainers", "ephemeralContainers"];

    /// <summary>
    /// The container the request is for: <paramref name="requested"/> when given, otherwise the annotated default or
    /// the pod's only container. Throws a 400 BadRequest when the name is not one of the pod's containers or when
    /// the pod has several and none is named.
    /// </summary>
    public static string SelectContainer(JsonObject pod, string? requested)
    {
        var name = pod["metadata"]?["name"]?.GetValue<string>() ?? "";
        var containers = Names(pod, "containers");
        if (string.IsNullOrEmpty(requested))
        {
            var annotated = pod["metadata"]?["annotations"]?[DefaultContainerAnnotation]?.GetValue<string>();
            if (!string.IsNullOrEmpty(annotated) && containers.Contains(annotated))
            {
                return annotated;
            }

            if (containers.Count == 1)
            {
                return containers[0];
            }

            var message = $"a container name must be specified for pod {name}, choose one of: " +
                $"[{string.Join(' ', containers)}]";
            var init = Names(pod, "initContainers");
            if (init.Count > 0)
            {
                message += $" or one of the init containers: [{string.Join(' ', init)}]";
            }

            throw ApiErrors.BadRequest(message);
        }

        if (!ContainerLists.Any(list => Names(pod, list).Contains(requested)))
        {
            throw ApiErrors.BadRequest($"container {requested} is not valid for pod {name}");
        }

        return requested;
    }

    /// <summary>
    /// Throws a 400 BadRequest, worded as kubelet's, when the pod has no node, or when the container has not started
    /// (waiting, or no status yet) so that there is nothing to read or exec into; with <paramref name="previous"/>,
    /// when the container has no terminated earlier attempt. Exec and attach also refuse a completed pod.
    /// </summary>
    public static void EnsureReachable(JsonObject pod, string container, string subresource, bool previous)
    {
        var name = pod["metadata"]?["name"]?.GetValue<string>() ?? "";
        var phase = pod["status"]?["phase"]?.GetValue<string>();
        if (subresource is "exec" or "attach" && phase is "Succeeded" or "Failed")
        {
            throw ApiErrors.BadRequest(
                $"cannot {subresource} into a container in a completed pod; current phase is {phase}");
        }

        if (string.IsNullOrEmpty(pod["spec"]?["nodeName"]?.GetValue<string>()))
        {
            throw ApiErrors.BadRequest($"pod {name} does not have a host assigned");
        }

        if (subresource == "portforward")
        {
            return;
        }

        var status = FindStatus(pod, container);
        if (previous)
        {
            if (status?["lastState"]?["terminated"] is null)
            {
                throw ApiErrors.BadRequest(
                    $"previous terminated container \"{container}\" in pod \"{name}\" not found");
            }

            return;
        }

        var state = status?["state"] as JsonObject;
        if (state is null || state["waiting"] is JsonObject)
        {
            var reason = state?["waiting"]?["reason"]?.GetValue<string>() ?? "ContainerCreating";
            throw ApiErrors.BadRequest($"container \"{container}\" in pod \"{name}\" is waiting to start: {reason}");
        }
    }

    /// <summary>
    /// The base address of the node's agent (http://InternalIP:kubeletEndpoint.Port; ExternalIP, then Hostname when
    /// there is no InternalIP), or null when the node advertises no address or port.
    /// </summary>
    public static string? AgentAddress(JsonObject node)
    {
        var port = node["status"]?["daemonEndpoints"]?["kubeletEndpoint"]?["Port"]?.GetValue<int>() ?? 0;
        var addresses = (node["status"]?["addresses"] as JsonArray ?? [])
            .OfType<JsonObject>()
            .Select(a => (Type: a["type"]?.GetValue<string>(), Address: a["address"]?.GetValue<string>()))
            .Where(a => !string.IsNullOrEmpty(a.Address))
            .ToList();
        var address = new[] { "InternalIP", "ExternalIP", "Hostname" }
            .Select(type => addresses.FirstOrDefault(a => a.Type == type).Address)
            .FirstOrDefault(a => a != null);
        if (port <= 0 || address is null)
        {
            return null;
        }

        var host = address.Contains(':', StringComparison.Ordinal) ? $"[{address}]" : address;
        return string.Create(CultureInfo.InvariantCulture, $"http://{host}:{port}");
    }

    /// <summary>The agent path of a subresource: kubelet's /containerLogs, /exec, /attach or /portForward.</summary>
    public static string AgentPath(string subresource, string podNamespace, string pod, string container) =>
        subresource switch
        {
            "log" => $"/containerLogs/{podNamespace}/{pod}/{container}",
            "exec" => $"/exec/{podNamespace}/{pod}/{container}",
            "attach" => $"/attach/{podNamespace}/{pod}/{container}",
            _ => $"/portForward/{podNamespace}/{pod}",
        };

    private static JsonObject? FindStatus(JsonObject pod, string container) =>
        new[] { "containerStatuses", "initContainerStatuses", "ephemeralContainerStatuses" }
            .SelectMany(list => pod["status"]?[list] as JsonArray ?? [])
            .OfType<JsonObject>()
            .FirstOrDefault(s => s["name"]?.GetValue<string>() == container);

    private static List<string> Names(JsonObject pod, string list) =>
        (pod["spec"]?[list] as JsonArray ?? [])
            .OfType<JsonObject>()
            .Select(c => c["name"]?.GetValue<string>())
            .OfType<string>()
            .ToList();
}
