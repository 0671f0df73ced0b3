using System.Text.Json.Nodes;

namespace Orchestrator.ControlPlane.Scheduling;

/// <summary>
/// The resources a pod needs on a node, computed as kube-scheduler does: the sum of the regular containers and
/// the restartable (sidecar) init containers, at least the largest single init container (plus the sidecars
/// started before it), plus <c>spec.overhead</c>. A container without a request counts 0 for fit; a container
/// with a limit but no request asks for its limit, as API defaulting would set it.
/// </summary>
/// <param name="MilliCpu">Requested cpu in milli-cores.</param>
/// <param name="Memory">Requested memory in bytes.</param>
/// <param name="Scalars">Other requested resources (ephemeral-storage, extended resources) in whole units.</param>
/// <param name="NonZeroMilliCpu">Cpu with 100m for each container that requests none, used for spreading.</param>
/// <param name="NonZeroMemory">Memory with 200Mi for each container that requests none, used for spreading.</param>
public sealed record PodRequests(
    long MilliCpu, long Memory, IReadOnlyDictionary<string, long> Scalars, long NonZeroMilliCpu, long NonZeroMemory)
{
    /// <summary>Cpu assumed for a container without a cpu request when scoring (kube's 100m).</summary>
    public const long DefaultMilliCpuRequest = 100;

    /// <summary>Memory assumed for a container without a memory request when scoring (kube's 200Mi).</summary>
    public const long DefaultMemoryRequest = 200L * 1024 * 1024;

    /// <summary>A pod always occupies one pod slot.</summary>
    public int Pods => 1;

    /// <summary>Computes the effective requests of a pod in Kubernetes JSON.</summary>
    public static PodRequests Of(JsonObject pod)
    {
        var spec = JsonRead.Object(pod, "spec");
        var total = new Dictionary<string, decimal>(StringComparer.Ordinal);
        var sidecars = new Dictionary<string, decimal>(StringComparer.Ordinal);
        var largestInit = new Dictionary<string, decimal>(StringComparer.Ordinal);

        foreach (var container in JsonRead.Objects(spec, "containers"))
        {
            Add(total, ContainerRequests(container, nonZero: false));
        }

        foreach (var init in JsonRead.Objects(spec, "initContainers"))
        {
            var own = ContainerRequests(init, nonZero: false);
            if (JsonRead.String(init, "restartPolicy") == "Always")
            {
                Add(total, own);
                Add(sidecars, own);
                TakeMax(largestInit, sidecars);
            }
            else
            {
                var running = new Dictionary<string, decimal>(own, StringComparer.Ordinal);
                Add(running, sidecars);
                TakeMax(largestInit, running);
            }
        }

        TakeMax(total, largestInit);

        Add(total, ReadList(JsonRead.Object(spec, "overhead")));

        var (nonZeroCpu, nonZeroMemory) = NonZero(spec);
        var scalars = total.Where(kv => kv.Key is not ("cpu" or "memory" or "pods"))
            .ToDictionary(kv => kv.Key, kv => Quantity.ToUnits(kv.Value), StringComparer.Ordinal);
        return new PodRequests(
            Quantity.ToMilliUnits(total.GetValueOrDefault("cpu")), Quantity.ToUnits(total.GetValueOrDefault("memory")),
            scalars, nonZeroCpu, nonZeroMemory);
    }

    internal static Dictionary<string, decimal> ReadList(JsonObject? list)
    {
        var amounts = new Dictionary<string, decimal>(StringComparer.Ordinal);
        if (list is null)
        {
            return amounts;
        }

        foreach (var (name, value) in list)
        {
            if (Quantity.TryRead(value, out var amount))
            {
                amounts[name] = amount;
            }
        }

        return amounts;
    }

    private static (long Cpu, long Memory) NonZero(JsonObject? spec)
    {
        decimal cpu = 0, memory = 0, sidecarCpu = 0, sidecarMemory = 0, initCpu = 0, initMemory = 0;
        foreach (var container in JsonRead.Objects(spec, "containers"))
        {
            var own = ContainerRequests(container, nonZero: true);
            cpu += own["cpu"];
            memory += own["memory"];
        }

        foreach (var init in JsonRead.Objects(spec, "initContainers"))
        {
            var own = ContainerRequests(init, nonZero: true);
            var sidecar = JsonRead.String(init, "restartPolicy") == "Always";
            if (sidecar)
            {
                cpu += own["cpu"];
                memory += own["memory"];
                sidecarCpu += own["cpu"];
                sidecarMemory += own["memory"];
            }

            initCpu = Math.Max(initCpu, sidecar ? sidecarCpu : own["cpu"] + sidecarCpu);
            initMemory = Math.Max(initMemory, sidecar ? sidecarMemory : own["memory"] + sidecarMemory);
        }

        var overhead = ReadList(JsonRead.Object(spec, "overhead"));
        return (Quantity.ToMilliUnits(Math.Max(cpu, initCpu) + overhead.GetValueOrDefault("cpu")),
            Quantity.ToUnits(Math.Max(memory, initMemory) + overhead.GetValueOrDefault("memory")));
    }

    private static Dictionary<string, decimal> ContainerRequests(JsonObject container, bool nonZero)
    {
        var resources = JsonRead.Object(container, "resources");
        var requests = ReadList(JsonRead.Object(resources, "requests"));
        foreach (var (name, limit) in ReadList(JsonRead.Object(resources, "limits")))
        {
            requests.TryAdd(name, limit);
        }

        if (nonZero)
        {
            requests.TryAdd("cpu", DefaultMilliCpuRequest / 1000m);
            requests.TryAdd("memory", DefaultMemoryRequest);
        }

        return requests;
    }

    private static void Add(Dictionary<string, decimal> into, IReadOnlyDictionary<string, decimal> amounts)
    {
        foreach (var (name, amount) in amounts)
        {
            into[name] = into.GetValueOrDefault(name) + amount;
        }
    }

    private static void TakeMax(Dictionary<string, decimal> into, IReadOnlyDictionary<string, decimal> amounts)
    {
        foreach (var (name, amount) in amounts)
        {
            into[name] = Math.Max(into.GetValueOrDefault(name), amount);
        }
    }
}
