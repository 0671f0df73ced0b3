using System.Globalization;
using System.Text.Json.Nodes;
using Orchestrator.NodeAgent.Cri.Api;

namespace Orchestrator.NodeAgent.Pods;

/// <summary>
/// The CRI configs of a pod's sandbox and containers, built from the pod's spec as kubelet builds them: labels by
/// which the agent finds them again, the log layout, host ports, cpu and memory limits, and security settings.
/// Pure.
/// </summary>
public static class CriConfigs
{
    /// <summary>The CFS period the cpu limit is expressed in, in microseconds.</summary>
    public const long CpuPeriod = 100_000;

    /// <summary>The log directory of a pod: <c>&lt;root&gt;/&lt;ns&gt;_&lt;name&gt;_&lt;uid&gt;</c>.</summary>
    public static string LogDirectory(string logRoot, string ns, string name, string uid) =>
        Path.Combine(logRoot, $"{ns}_{name}_{uid}");

    /// <summary>The sandbox config of <paramref name="pod"/>, the <paramref name="attempt"/>-th of the pod.</summary>
    public static PodSandboxConfig Sandbox(JsonObject pod, string nodeName, string logRoot, uint attempt)
    {
        var name = PodJson.Name(pod);
        var ns = PodJson.Namespace(pod);
        var uid = PodJson.Uid(pod);
        var spec = pod["spec"] as JsonObject ?? [];
        var hostNetwork = PodJson.Bool(spec["hostNetwork"]);
        var config = new PodSandboxConfig
        {
            Metadata = new PodSandboxMetadata { Name = name, Namespace = ns, Uid = uid, Attempt = attempt },
            Hostname = hostNetwork ? "" : PodJson.Text(spec["hostname"]) ?? name,
            LogDirectory = LogDirectory(logRoot, ns, name, uid),
            Linux = new LinuxPodSandboxConfig
            {
                SecurityContext = new LinuxSandboxSecurityContext
                {
                    NamespaceOptions = new NamespaceOption
                    {
                        Network = hostNetwork ? NamespaceMode.Node : NamespaceMode.Pod,
                        Pid = PodJson.Bool(spec["hostPID"]) ? NamespaceMode.Node : NamespaceMode.Container,
                        Ipc = PodJson.Bool(spec["hostIPC"]) ? NamespaceMode.Node : NamespaceMode.Pod,
                    },
                    Seccomp = new SecurityProfile { ProfileType = SecurityProfile.Types.ProfileType.RuntimeDefault },
                },
            },
        };
        foreach (var (key, value) in pod["metadata"]?["labels"] as JsonObject ?? [])
        {
            config.Labels[key] = PodJson.Text(value) ?? "";
        }

        foreach (var (key, value) in pod["metadata"]?["annotations"] as JsonObject ?? [])
        {
            config.Annotations[key] = PodJson.Text(value) ?? "";
        }

        config.Labels[PodLabels.PodName] = name;
        config.Labels[PodLabels.PodNamespace] = ns;
        config.Labels[PodLabels.PodUid] = uid;
        config.Labels[PodLabels.NodeName] = nodeName;
        config.PortMappings.AddRange(PortMappings(pod));
        return config;
    }

    /// <summary>The host ports of every container of the pod.</summary>
    public static IEnumerable<PortMapping> PortMappings(JsonObject pod)
    {
        foreach (var container in PodJson.InitContainers(pod).Concat(PodJson.Containers(pod)))
        {
            foreach (var port in PodJson.Objects(container["ports"]))
            {
                var hostPort = PodJson.Long(port["hostPort"]) ?? 0;
                if (hostPort <= 0)
                {
                    continue;
                }

                yield return new PortMapping
                {
                    Protocol = PodJson.Text(port["protocol"]) switch
                    {
                        "UDP" => Protocol.Udp,
                        "SCTP" => Protocol.Sctp,
                        _ => Protocol.Tcp,
                    },
                    ContainerPort = (int)(PodJson.Long(port["containerPort"]) ?? 0),
                    HostPort = (int)hostPort,
                    HostIp = PodJson.Text(port["hostIP"]) ?? "",
                };
            }
        }
    }

    /// <summary>
    /// The config of <paramref name="container"/>'s instance number <paramref name="restartCount"/> with the given
    /// environment; command and args have their <c>$(VAR)</c> references expanded.
    /// </summary>
    public static ContainerConfig Container(
        JsonObject pod, JsonObject container, int restartCount, IReadOnlyList<KeyValue> environment)
    {
        var name = PodJson.Text(container["name"]) ?? "";
        var variables = environment.GroupBy(e => e.Key).ToDictionary(g => g.Key, g => g.Last().Value);
        var config = new ContainerConfig
        {
            Metadata = new ContainerMetadata { Name = name, Attempt = (uint)restartCount },
            Image = new ImageSpec { Image = PodJson.Text(container["image"]) ?? "" },
            WorkingDir = PodJson.Text(container["workingDir"]) ?? "",
            LogPath = $"{name}/{restartCount}.log",
            Stdin = PodJson.Bool(container["stdin"]),
            StdinOnce = PodJson.Bool(container["stdinOnce"]),
            Tty = PodJson.Bool(container["tty"]),
            Linux = new LinuxContainerConfig
            {
                Resources = Resources(container),
                SecurityContext = SecurityContext(pod, container),
            },
        };
        config.Command.AddRange(PodJson.Strings(container["command"]).Select(c => ContainerEnvironment.Expand(c,
            variables)));
        config.Args.AddRange(PodJson.Strings(container["args"]).Select(a => ContainerEnvironment.Expand(a,
            variables)));
        config.Envs.AddRange(environment);
        config.Labels[PodLabels.PodName] = PodJson.Name(pod);
        config.Labels[PodLabels.PodNamespace] = PodJson.Namespace(pod);
        config.Labels[PodLabels.PodUid] = PodJson.Uid(pod);
        config.Labels[PodLabels.ContainerName] = name;
        config.Annotations[PodLabels.RestartCount] = restartCount.ToString(CultureInfo.InvariantCulture);
        return config;
    }

    /// <summary>
    /// Cpu and memory as the runtime enforces them: the cpu limit as a CFS quota per <see cref="CpuPeriod"/>, the
    /// cpu request as shares (1024 per cpu, at least 2), the memory limit in bytes.
    /// </summary>
    public static LinuxContainerResources Resources(JsonObject container)
    {
        var resources = new LinuxContainerResources();
        var limits = container["resources"]?["limits"];
        var requests = container["resources"]?["requests"];
        var cpuLimit = ResourceQuantity.Millis(PodJson.Text(limits?["cpu"]));
        var cpuRequest = ResourceQuantity.Millis(PodJson.Text(requests?["cpu"])) ?? cpuLimit;
        if (cpuLimit is { } limit)
        {
            resources.CpuPeriod = CpuPeriod;
            resources.CpuQuota = Math.Max(1000, limit * CpuPeriod / 1000);
        }

        resources.CpuShares = cpuRequest is { } request ? Math.Max(2, request * 1024 / 1000) : 2;
        if (ResourceQuantity.Units(PodJson.Text(limits?["memory"])) is { } memory)
        {
            resources.MemoryLimitInBytes = memory;
        }

        return resources;
    }

    /// <summary>The container's security settings, its own overriding the pod's.</summary>
    public static LinuxContainerSecurityContext SecurityContext(JsonObject pod, JsonObject container)
    {
        var podContext = pod["spec"]?["securityContext"];
        var own = container["securityContext"];
        var context = new LinuxContainerSecurityContext
        {
            Privileged = PodJson.Bool(own?["privileged"]),
            ReadonlyRootfs = PodJson.Bool(own?["readOnlyRootFilesystem"]),
            NoNewPrivs = own?["allowPrivilegeEscalation"] is JsonValue escalation &&
                !PodJson.Bool(escalation),
            NamespaceOptions = new NamespaceOption
            {
                Network = PodJson.Bool(pod["spec"]?["hostNetwork"]) ? NamespaceMode.Node : NamespaceMode.Pod,
                Pid = PodJson.Bool(pod["spec"]?["hostPID"]) ? NamespaceMode.Node
                    : PodJson.Bool(pod["spec"]?["shareProcessNamespace"]) ? NamespaceMode.Pod
                    : NamespaceMode.Container,
                Ipc = PodJson.Bool(pod["spec"]?["hostIPC"]) ? NamespaceMode.Node : NamespaceMode.Pod,
            },
        };
        if ((PodJson.Long(own?["runAsUser"]) ?? PodJson.Long(podContext?["runAsUser"])) is { } user)
        {
            context.RunAsUser = new Int64Value { Value = user };
        }

        if ((PodJson.Long(own?["runAsGroup"]) ?? PodJson.Long(podContext?["runAsGroup"])) is { } group)
        {
            context.RunAsGroup = new Int64Value { Value = group };
        }

        foreach (var supplemental in (podContext?["supplementalGroups"] as JsonArray ?? []).Select(PodJson.Long))
        {
            if (supplemental is { } id)
            {
                context.SupplementalGroups.Add(id);
            }
        }

        if (own?["capabilities"] is JsonObject capabilities)
        {
            context.Capabilities = new Capability();
            context.Capabilities.AddCapabilities.AddRange(PodJson.Strings(capabilities["add"]));
            context.Capabilities.DropCapabilities.AddRange(PodJson.Strings(capabilities["drop"]));
        }

        return context;
    }

    /// <summary>The pull policy of a container: its own, else Always for :latest or untagged images.</summary>
    public static string PullPolicy(JsonObject container, string image)
    {
        if (PodJson.Text(container["imagePullPolicy"]) is { Length: > 0 } policy)
        {
            return policy;
        }

        var lastPart = image[(image.LastIndexOf('/') + 1)..];
        var untaggedOrLatest = !lastPart.Contains(':', StringComparison.Ordinal) ||
            lastPart.EndsWith(":latest", StringComparison.Ordinal);
        return !image.Contains('@', StringComparison.Ordinal) && untaggedOrLatest ? "Always" : "IfNotPresent";
    }
}
