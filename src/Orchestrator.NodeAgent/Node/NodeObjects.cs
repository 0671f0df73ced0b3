using System.Globalization;
using System.Text.Json.Nodes;

namespace Orchestrator.NodeAgent.Node;

/// <summary>
/// The objects the node agent writes about its node, as a kubelet writes them: the Node (labels, capacity,
/// allocatable, addresses, node info, daemon endpoints, conditions) and its Lease in <c>kube-node-lease</c>.
/// Pure: every method takes the time and returns new JSON.
/// </summary>
public sealed class NodeObjects(NodeAgentOptions options, MachineFacts machine)
{
    /// <summary>The namespace of node leases.</summary>
    public const string LeaseNamespace = "kube-node-lease";

    /// <summary>The version the agent reports as its kubelet version.</summary>
    public const string KubeletVersion = "v1.32.0+orchestrator";

    private static readonly (string Type, string Reason, string Message)[] PressureConditions =
    [
        ("MemoryPressure", "KubeletHasSufficientMemory", "kubelet has sufficient memory available"),
        ("DiskPressure", "KubeletHasNoDiskPressure", "kubelet has no disk pressure"),
        ("PIDPressure", "KubeletHasSufficientPID", "kubelet has sufficient PID available"),
    ];

    /// <summary>
    /// The Node as the agent registers or refreshes it: <paramref name="existing"/>'s spec, taints and other labels
    /// kept; the node's own labels, capacity, addresses, node info and conditions written. A condition whose status
    /// does not change keeps its lastTransitionTime.
    /// </summary>
    public JsonObject Node(JsonObject? existing, string runtimeVersion, NodeReadiness readiness, DateTimeOffset now)
    {
        var node = existing?.DeepClone().AsObject() ?? new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Node",
            ["metadata"] = new JsonObject { ["name"] = options.NodeName },
            ["spec"] = new JsonObject(),
        };

        var metadata = node["metadata"]!.AsObject();
        var labels = metadata["labels"] as JsonObject ?? [];
        foreach (var (key, value) in Labels())
        {
            labels[key] = value;
        }

        metadata["labels"] = labels;
        var annotations = metadata["annotations"] as JsonObject ?? [];
        annotations["node.alpha.kubernetes.io/ttl"] = "0";
        metadata["annotations"] = annotations;
        node["spec"] ??= new JsonObject();

        var previous = node["status"]?["conditions"] as JsonArray;
        node["status"] = Status(previous, runtimeVersion, readiness, now);
        return node;
    }

    /// <summary>Whether the Node's Ready condition already says what <paramref name="readiness"/> says.</summary>
    public static bool ReadyMatches(JsonObject node, NodeReadiness readiness) =>
        node["status"]?["conditions"] is JsonArray conditions &&
        conditions.OfType<JsonObject>().Any(c =>
            Text(c["type"]) == "Ready" && Text(c["status"]) == (readiness.Ready ? "True" : "False") &&
            Text(c["message"]) == readiness.Message);

    /// <summary>The node's Lease, held by the node, owned by its Node, renewed at <paramref name="now"/>.</summary>
    public JsonObject Lease(JsonObject? existing, string? nodeUid, DateTimeOffset now)
    {
        var lease = existing?.DeepClone().AsObject() ?? new JsonObject
        {
            ["apiVersion"] = "coordination.k8s.io/v1",
            ["kind"] = "Lease",
            ["metadata"] = new JsonObject { ["name"] = options.NodeName, ["namespace"] = LeaseNamespace },
        };
        var metadata = lease["metadata"]!.AsObject();
        if (nodeUid is not null && metadata["ownerReferences"] is null)
        {
            metadata["ownerReferences"] = new JsonArray(new JsonObject
            {
                ["apiVersion"] = "v1",
                ["kind"] = "Node",
                ["name"] = options.NodeName,
                ["uid"] = nodeUid,
            });
        }

        var spec = lease["spec"] as JsonObject ?? [];
        spec["holderIdentity"] = options.NodeName;
        spec["leaseDurationSeconds"] = options.LeaseDurationSeconds;
        spec["renewTime"] = now.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);
        lease["spec"] = spec;
        return lease;
    }

    /// <summary>The node's labels: host name, os, architecture and the configured topology.</summary>
    public Dictionary<string, string> Labels()
    {
        var labels = new Dictionary<string, string>
        {
            ["beta.kubernetes.io/arch"] = machine.Architecture,
            ["beta.kubernetes.io/os"] = "linux",
            ["kubernetes.io/arch"] = machine.Architecture,
            ["kubernetes.io/hostname"] = options.NodeName,
            ["kubernetes.io/os"] = "linux",
        };
        if (!string.IsNullOrEmpty(options.Region))
        {
            labels["topology.kubernetes.io/region"] = options.Region;
        }

        if (!string.IsNullOrEmpty(options.Zone))
        {
            labels["topology.kubernetes.io/zone"] = options.Zone;
        }

        if (!string.IsNullOrEmpty(options.Provider))
        {
            labels["node.kubernetes.io/instance-type"] = options.Provider;
            labels["orchestrator.io/provider"] = options.Provider;
        }

        return labels;
    }

    private JsonObject Status(JsonArray? previous, string runtimeVersion, NodeReadiness readiness, DateTimeOffset now)
    {
        var conditions = new JsonArray();
        foreach (var (type, reason, message) in PressureConditions)
        {
            conditions.Add(Condition(type, "False", reason, message, previous, now));
        }

        conditions.Add(Condition("Ready", readiness.Ready ? "True" : "False", readiness.Reason, readiness.Message,
            previous, now));

        var cpuMillis = machine.Cpus * 1000L;
        var memoryKi = machine.MemoryBytes / 1024;
        var allocatableCpu = Math.Max(0, cpuMillis - options.ReservedCpuMillis);
        var allocatableMemoryKi = Math.Max(0, memoryKi - options.ReservedMemoryMebibytes * 1024L);
        var machineId = machine.MachineId.Length > 0 ? machine.MachineId : options.NodeName;
        return new JsonObject
        {
            ["capacity"] = Resources($"{machine.Cpus}", $"{memoryKi}Ki"),
            ["allocatable"] = Resources($"{allocatableCpu}m", $"{allocatableMemoryKi}Ki"),
            ["conditions"] = conditions,
            ["addresses"] = new JsonArray(
                new JsonObject { ["type"] = "InternalIP", ["address"] = machine.InternalIp },
                new JsonObject { ["type"] = "Hostname", ["address"] = options.NodeName }),
            ["daemonEndpoints"] = new JsonObject
            {
                ["kubeletEndpoint"] = new JsonObject { ["Port"] = options.Port },
            },
            ["nodeInfo"] = new JsonObject
            {
                ["machineID"] = machineId,
                ["systemUUID"] = machineId,
                ["bootID"] = machine.BootId,
                ["kernelVersion"] = machine.KernelVersion,
                ["osImage"] = machine.OsImage,
                ["containerRuntimeVersion"] = runtimeVersion,
                ["kubeletVersion"] = KubeletVersion,
                ["kubeProxyVersion"] = KubeletVersion,
                ["operatingSystem"] = "linux",
                ["architecture"] = machine.Architecture,
            },
        };
    }

    private JsonObject Resources(string cpu, string memory) => new()
    {
        ["cpu"] = cpu,
        ["ephemeral-storage"] = "100Gi",
        ["memory"] = memory,
        ["pods"] = options.MaxPods.ToString(CultureInfo.InvariantCulture),
    };

    private static JsonObject Condition(
        string type, string status, string reason, string message, JsonArray? previous, DateTimeOffset now)
    {
        var time = now.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        var before = previous?.OfType<JsonObject>().FirstOrDefault(c => Text(c["type"]) == type);
        var transition = before is not null && Text(before["status"]) == status
            ? Text(before["lastTransitionTime"]) ?? time
            : time;
        return new JsonObject
        {
            ["type"] = type,
            ["status"] = status,
            ["lastHeartbeatTime"] = time,
            ["lastTransitionTime"] = transition,
            ["reason"] = reason,
            ["message"] = message,
        };
    }

    private static string? Text(JsonNode? node) =>
        node is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
}
