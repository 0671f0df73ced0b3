using System.Text.Json.Nodes;

namespace Orchestrator.ControlPlane.Scheduling;

/// <summary>
/// What the scheduler knows of one node: its allocatable capacity, labels, taints, cordon flag and Ready
/// condition, and the requests of the pods already bound to it. Immutable; <see cref="With"/> and
/// <see cref="Without"/> give the view after a pod is added or removed, which is what a Node grain keeps.
/// </summary>
public sealed class NodeView
{
    private NodeView(
        JsonObject node, string name, IReadOnlyDictionary<string, string> labels, IReadOnlyList<Taint> taints,
        bool unschedulable, bool? ready, IReadOnlyList<JsonObject> pods)
    {
        Node = node;
        Name = name;
        Labels = labels;
        Taints = taints;
        Unschedulable = unschedulable;
        Ready = ready;
        Pods = pods;

        var allocatable = PodRequests.ReadList(JsonRead.Object(node, "status", "allocatable"));
        if (allocatable.Count == 0)
        {
            allocatable = PodRequests.ReadList(JsonRead.Object(node, "status", "capacity"));
        }

        AllocatableMilliCpu = Quantity.ToMilliUnits(allocatable.GetValueOrDefault("cpu"));
        AllocatableMemory = Quantity.ToUnits(allocatable.GetValueOrDefault("memory"));
        AllocatablePods = Quantity.ToUnits(allocatable.GetValueOrDefault("pods"));
        AllocatableScalars = allocatable.Where(kv => kv.Key is not ("cpu" or "memory" or "pods"))
            .ToDictionary(kv => kv.Key, kv => Quantity.ToUnits(kv.Value), StringComparer.Ordinal);

        var requested = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var request in pods.Select(PodRequests.Of))
        {
            RequestedMilliCpu += request.MilliCpu;
            RequestedMemory += request.Memory;
            NonZeroRequestedMilliCpu += request.NonZeroMilliCpu;
            NonZeroRequestedMemory += request.NonZeroMemory;
            foreach (var (resource, amount) in request.Scalars)
            {
                requested[resource] = requested.GetValueOrDefault(resource) + amount;
            }
        }

        RequestedScalars = requested;
    }

    /// <summary>The node object in Kubernetes JSON.</summary>
    public JsonObject Node { get; }

    /// <summary>metadata.name.</summary>
    public string Name { get; }

    /// <summary>metadata.labels.</summary>
    public IReadOnlyDictionary<string, string> Labels { get; }

    /// <summary>
    /// spec.taints, plus the not-ready or unreachable NoSchedule taint kube's node lifecycle would add when the
    /// Ready condition is False or Unknown and the node does not carry it yet.
    /// </summary>
    public IReadOnlyList<Taint> Taints { get; }

    /// <summary>spec.unschedulable (the node is cordoned).</summary>
    public bool Unschedulable { get; }

    /// <summary>The Ready condition: true, false, or null when Unknown or not reported.</summary>
    public bool? Ready { get; }

    /// <summary>The pods bound to the node (terminal pods left out).</summary>
    public IReadOnlyList<JsonObject> Pods { get; }

    /// <summary>Allocatable cpu in milli-cores (status.allocatable, else status.capacity).</summary>
    public long AllocatableMilliCpu { get; }

    /// <summary>Allocatable memory in bytes.</summary>
    public long AllocatableMemory { get; }

    /// <summary>How many pods the node may hold.</summary>
    public long AllocatablePods { get; }

    /// <summary>Other allocatable resources (ephemeral-storage, extended resources) in whole units.</summary>
    public IReadOnlyDictionary<string, long> AllocatableScalars { get; }

    /// <summary>Cpu requested by the bound pods, in milli-cores.</summary>
    public long RequestedMilliCpu { get; }

    /// <summary>Memory requested by the bound pods, in bytes.</summary>
    public long RequestedMemory { get; }

    /// <summary>Other resources requested by the bound pods.</summary>
    public IReadOnlyDictionary<string, long> RequestedScalars { get; }

    /// <summary>Requested cpu counting 100m for containers without a cpu request (for scoring).</summary>
    public long NonZeroRequestedMilliCpu { get; }

    /// <summary>Requested memory counting 200Mi for containers without a memory request (for scoring).</summary>
    public long NonZeroRequestedMemory { get; }

    /// <summary>Builds the view of a node from its JSON and the pods bound to it.</summary>
    public static NodeView From(JsonObject node, IEnumerable<JsonObject> boundPods)
    {
        var ready = ReadyCondition(node);
        var taints = JsonRead.Objects(node, "spec", "taints").Select(Taint.From).OfType<Taint>().ToList();
        var lifecycleKey = ready switch
        {
            "False" => Taint.NotReadyKey,
            "Unknown" => Taint.UnreachableKey,
            _ => null,
        };
        if (lifecycleKey is not null && !taints.Any(t => t.Key == lifecycleKey && t.Effect == "NoSchedule"))
        {
            taints.Add(new Taint(lifecycleKey, "", "NoSchedule"));
        }

        return new NodeView(
            node, JsonRead.Name(node), JsonRead.Labels(node), taints,
            JsonRead.Boolean(JsonRead.Object(node, "spec"), "unschedulable"),
            ready == "True" ? true : ready == "False" ? false : null,
            boundPods.Where(p => !IsTerminal(p)).ToList());
    }

    /// <summary>The view after binding one more pod.</summary>
    public NodeView With(JsonObject pod) =>
        new(Node, Name, Labels, Taints, Unschedulable, Ready, [.. Pods, pod]);

    /// <summary>The view after removing the given pods (compared by reference or namespace/name).</summary>
    public NodeView Without(IReadOnlyCollection<JsonObject> pods) =>
        new(Node, Name, Labels, Taints, Unschedulable, Ready,
            Pods.Where(p => !pods.Any(r => ReferenceEquals(r, p) || PodKey(r) == PodKey(p))).ToList());

    internal static string PodKey(JsonObject pod) => $"{JsonRead.Namespace(pod)}/{JsonRead.Name(pod)}";

    internal static bool IsTerminal(JsonObject pod) =>
        JsonRead.String(JsonRead.Object(pod, "status"), "phase") is "Succeeded" or "Failed";

    private static string? ReadyCondition(JsonObject node) =>
        JsonRead.Objects(node, "status", "conditions")
            .Where(c => JsonRead.String(c, "type") == "Ready")
            .Select(c => JsonRead.String(c, "status"))
            .FirstOrDefault();
}
