using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace Orchestrator.NodeAgent.Simulation;

/// <summary>
/// The objects a simulated node writes, as a kubelet would write them: its Node (labels, capacity, node info and
/// conditions), its Lease in <c>kube-node-lease</c>, and the status of a pod it "runs" without containers.
/// Pure: every method takes the time and returns new JSON, so the decisions are unit-tested.
/// </summary>
public sealed class SimulatedNodeObjects(SimulatedNodeOptions options)
{
    /// <summary>The namespace of node leases.</summary>
    public const string LeaseNamespace = "kube-node-lease";

    /// <summary>What the simulated runtime reports as its container runtime.</summary>
    public const string RuntimeVersion = "simulated://1.0";

    /// <summary>The annotation marking a Node as hosted by the simulated runtime.</summary>
    public const string SimulatedAnnotation = "orchestrator.io/simulated";

    private static readonly (string Type, string Reason, string Message)[] PressureConditions =
    [
        ("MemoryPressure", "KubeletHasSufficientMemory", "kubelet has sufficient memory available"),
        ("DiskPressure", "KubeletHasNoDiskPressure", "kubelet has no disk pressure"),
        ("PIDPressure", "KubeletHasSufficientPID", "kubelet has sufficient PID available"),
    ];

    /// <summary>The node's address on the simulated host network.</summary>
    public static string HostIp(int index) =>
        string.Create(CultureInfo.InvariantCulture, $"10.0.{index / 250}.{index % 250 + 2}");

    /// <summary>The pod subnet of a node: one /24 per node inside 10.244.0.0/14.</summary>
    public static string PodCidr(int index) =>
        string.Create(CultureInfo.InvariantCulture, $"10.{244 + index / 256}.{index % 256}.0/24");

    /// <summary>The <paramref name="ordinal"/>-th pod address of a node's subnet (1 to 253, wrapping).</summary>
    public static string PodIp(int index, int ordinal) =>
        string.Create(CultureInfo.InvariantCulture,
            $"10.{244 + index / 256}.{index % 256}.{(ordinal - 1) % 253 + 2}");

    /// <summary>Whether the Node's Ready condition is True.</summary>
    public static bool IsReady(JsonObject node) =>
        node["status"]?["conditions"] is JsonArray conditions &&
        conditions.OfType<JsonObject>().Any(c =>
            Text(c["type"]) == "Ready" && Text(c["status"]) == "True");

    /// <summary>
    /// The Node as the node registers or refreshes it: <paramref name="existing"/>'s spec and extra labels kept,
    /// the node's own labels, capacity, addresses, node info and conditions (Ready True) written. A condition
    /// whose status does not change keeps its lastTransitionTime.
    /// </summary>
    public JsonObject Node(int index, JsonObject? existing, DateTimeOffset now)
    {
        var name = options.NameOf(index);
        var node = existing?.DeepClone().AsObject() ?? new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Node",
            ["metadata"] = new JsonObject { ["name"] = name },
            ["spec"] = new JsonObject(),
        };

        var metadata = node["metadata"]!.AsObject();
        var labels = metadata["labels"] as JsonObject ?? [];
        foreach (var (key, value) in Labels(index))
        {
            labels[key] = value;
        }

        metadata["labels"] = labels;
        var annotations = metadata["annotations"] as JsonObject ?? [];
        annotations[SimulatedAnnotation] = "true";
        annotations["node.alpha.kubernetes.io/ttl"] = "0";
        metadata["annotations"] = annotations;

        var spec = node["spec"] as JsonObject ?? [];
        spec["podCIDR"] = PodCidr(index);
        spec["podCIDRs"] = new JsonArray(PodCidr(index));
        node["spec"] = spec;

        var previous = node["status"]?["conditions"] as JsonArray;
        node["status"] = Status(index, previous, now);
        return node;
    }

    /// <summary>A node's Lease, held by the node itself and owned by its Node object.</summary>
    public JsonObject Lease(string nodeName, string? nodeUid, DateTimeOffset now)
    {
        var metadata = new JsonObject { ["name"] = nodeName, ["namespace"] = LeaseNamespace };
        if (nodeUid is not null)
        {
            metadata["ownerReferences"] = new JsonArray(new JsonObject
            {
                ["apiVersion"] = "v1",
                ["kind"] = "Node",
                ["name"] = nodeName,
                ["uid"] = nodeUid,
            });
        }

        return new JsonObject
        {
            ["apiVersion"] = "coordination.k8s.io/v1",
            ["kind"] = "Lease",
            ["metadata"] = metadata,
            ["spec"] = new JsonObject
            {
                ["holderIdentity"] = nodeName,
                ["leaseDurationSeconds"] = options.LeaseDurationSeconds,
                ["renewTime"] = MicroTime(now),
            },
        };
    }

    /// <summary>The Lease renewed at <paramref name="now"/>, held by the node.</summary>
    public JsonObject RenewedLease(JsonObject lease, string nodeName, DateTimeOffset now)
    {
        var renewed = lease.DeepClone().AsObject();
        var spec = renewed["spec"] as JsonObject ?? [];
        spec["holderIdentity"] = nodeName;
        spec["leaseDurationSeconds"] = options.LeaseDurationSeconds;
        spec["renewTime"] = MicroTime(now);
        renewed["spec"] = spec;
        return renewed;
    }

    /// <summary>
    /// The pod as running on the node: phase Running, addresses, start time, every container running and ready,
    /// and the conditions PodScheduled, Initialized, ContainersReady and Ready True. Null when the pod already
    /// runs here, has finished, or is being deleted.
    /// </summary>
    public static JsonObject? RunningPod(JsonObject pod, string hostIp, string podIp, DateTimeOffset now)
    {
        var status = pod["status"] as JsonObject;
        var phase = Text(status?["phase"]);
        if (phase is "Succeeded" or "Failed" || pod["metadata"]?["deletionTimestamp"] is not null ||
            (phase == "Running" && Text(status?["hostIP"]) == hostIp))
        {
            return null;
        }

        var running = pod.DeepClone().AsObject();
        var time = Timestamp(now);
        var uid = Text(pod["metadata"]?["uid"]) ?? "";
        var spec = running["spec"] as JsonObject;
        var previous = status?["conditions"] as JsonArray;
        var next = new JsonObject
        {
            ["phase"] = "Running",
            ["conditions"] = new JsonArray(
                PodCondition("PodReadyToStartContainers", previous, time),
                PodCondition("Initialized", previous, time),
                PodCondition("Ready", previous, time),
                PodCondition("ContainersReady", previous, time),
                PodCondition("PodScheduled", previous, time)),
            ["hostIP"] = hostIp,
            ["hostIPs"] = new JsonArray(new JsonObject { ["ip"] = hostIp }),
            ["podIP"] = podIp,
            ["podIPs"] = new JsonArray(new JsonObject { ["ip"] = podIp }),
            ["startTime"] = Text(status?["startTime"]) ?? time,
            ["containerStatuses"] = ContainerStatuses(spec?["containers"], uid, time, running: true),
        };
        if (status?["qosClass"] is JsonValue qosClass)
        {
            next["qosClass"] = qosClass.DeepClone();
        }

        if (spec?["initContainers"] is JsonArray { Count: > 0 } init)
        {
            next["initContainerStatuses"] = ContainerStatuses(init, uid, time, running: false);
        }

        running["status"] = next;
        return running;
    }

    private Dictionary<string, string> Labels(int index)
    {
        var name = options.NameOf(index);
        var labels = new Dictionary<string, string>
        {
            ["beta.kubernetes.io/arch"] = "amd64",
            ["beta.kubernetes.io/os"] = "linux",
            ["kubernetes.io/arch"] = "amd64",
            ["kubernetes.io/hostname"] = name,
            ["kubernetes.io/os"] = "linux",
            ["node.kubernetes.io/instance-type"] = "simulated",
            ["topology.kubernetes.io/region"] = options.Region,
        };
        if (options.ZoneOf(index) is { } zone)
        {
            labels["topology.kubernetes.io/zone"] = zone;
        }

        return labels;
    }

    private JsonObject Status(int index, JsonArray? previous, DateTimeOffset now)
    {
        var resources = new JsonObject
        {
            ["cpu"] = options.Cpu,
            ["ephemeral-storage"] = "100Gi",
            ["memory"] = options.Memory,
            ["pods"] = options.Pods.ToString(CultureInfo.InvariantCulture),
        };
        var conditions = new JsonArray();
        foreach (var (type, reason, message) in PressureConditions)
        {
            conditions.Add(NodeCondition(type, "False", reason, message, previous, now));
        }

        conditions.Add(NodeCondition("Ready", "True", "KubeletReady", "kubelet is posting ready status", previous,
            now));

        var name = options.NameOf(index);
        var machineId = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(name)))[..32];
        return new JsonObject
        {
            ["capacity"] = resources,
            ["allocatable"] = resources.DeepClone(),
            ["conditions"] = conditions,
            ["addresses"] = new JsonArray(
                new JsonObject { ["type"] = "InternalIP", ["address"] = HostIp(index) },
                new JsonObject { ["type"] = "Hostname", ["address"] = name }),
            ["daemonEndpoints"] = new JsonObject { ["kubeletEndpoint"] = new JsonObject { ["Port"] = 10250 } },
            ["nodeInfo"] = new JsonObject
            {
                ["machineID"] = machineId,
                ["systemUUID"] = machineId,
                ["bootID"] = machineId,
                ["kernelVersion"] = "simulated",
                ["osImage"] = "Simulated node",
                ["containerRuntimeVersion"] = RuntimeVersion,
                ["kubeletVersion"] = "v1.32.0",
                ["kubeProxyVersion"] = "v1.32.0",
                ["operatingSystem"] = "linux",
                ["architecture"] = "amd64",
            },
        };
    }

    private static JsonObject NodeCondition(
        string type, string status, string reason, string message, JsonArray? previous, DateTimeOffset now)
    {
        var before = previous?.OfType<JsonObject>().FirstOrDefault(c => Text(c["type"]) == type);
        var transition = before is not null && Text(before["status"]) == status
            ? Text(before["lastTransitionTime"]) ?? Timestamp(now)
            : Timestamp(now);
        return new JsonObject
        {
            ["type"] = type,
            ["status"] = status,
            ["lastHeartbeatTime"] = Timestamp(now),
            ["lastTransitionTime"] = transition,
            ["reason"] = reason,
            ["message"] = message,
        };
    }

    private static JsonObject PodCondition(string type, JsonArray? previous, string time)
    {
        var before = previous?.OfType<JsonObject>().FirstOrDefault(c => Text(c["type"]) == type);
        var transition = before is not null && Text(before["status"]) == "True"
            ? Text(before["lastTransitionTime"]) ?? time
            : time;
        return new JsonObject
        {
            ["type"] = type,
            ["status"] = "True",
            ["lastProbeTime"] = null,
            ["lastTransitionTime"] = transition,
        };
    }

    private static JsonArray ContainerStatuses(JsonNode? containers, string podUid, string time, bool running)
    {
        var statuses = new JsonArray();
        foreach (var container in (containers as JsonArray ?? []).OfType<JsonObject>())
        {
            var name = Text(container["name"]) ?? "";
            var image = Text(container["image"]) ?? "";
            var state = running
                ? new JsonObject { ["running"] = new JsonObject { ["startedAt"] = time } }
                : new JsonObject
                {
                    ["terminated"] = new JsonObject
                    {
                        ["exitCode"] = 0,
                        ["reason"] = "Completed",
                        ["startedAt"] = time,
                        ["finishedAt"] = time,
                        ["containerID"] = $"simulated://{podUid}/{name}",
                    },
                };
            statuses.Add(new JsonObject
            {
                ["name"] = name,
                ["state"] = state,
                ["ready"] = running,
                ["restartCount"] = 0,
                ["image"] = image,
                ["imageID"] = $"simulated://{image}",
                ["containerID"] = $"simulated://{podUid}/{name}",
                ["started"] = running,
            });
        }

        return statuses;
    }

    private static string? Text(JsonNode? node) =>
        node is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    private static string Timestamp(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static string MicroTime(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);
}
