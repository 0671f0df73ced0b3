namespace Orchestrator.NodeAgent.Node;

/// <summary>
/// Settings of the real node agent, read from the <c>NodeAgent</c> section: which node it is, where its containerd
/// listens, where its HTTP server listens, the topology labels of its Node and how often it reports.
/// </summary>
public sealed class NodeAgentOptions
{
    /// <summary>The Node's name; by default the machine's host name, in lower case.</summary>
    public string NodeName { get; set; } = Environment.MachineName.ToLowerInvariant();

    /// <summary>The CRI socket of the node's containerd; the real agent runs only when it is set.</summary>
    public string? ContainerdSocket { get; set; }

    /// <summary>The port of the agent's HTTP server, advertised as the Node's kubelet endpoint.</summary>
    public int Port { get; set; } = 10250;

    /// <summary>The address advertised as the Node's InternalIP; by default the address of the default route.</summary>
    public string? InternalIp { get; set; }

    /// <summary>The region label (topology.kubernetes.io/region); none when empty.</summary>
    public string? Region { get; set; }

    /// <summary>The zone label (topology.kubernetes.io/zone); none when empty.</summary>
    public string? Zone { get; set; }

    /// <summary>The provider (labels node.kubernetes.io/instance-type, orchestrator.io/provider), if any.</summary>
    public string? Provider { get; set; }

    /// <summary>Where pod log directories go: <c>&lt;LogRoot&gt;/&lt;ns&gt;_&lt;pod&gt;_&lt;uid&gt;</c>.</summary>
    public string LogRoot { get; set; } = "/var/log/pods";

    /// <summary>The pods the node accepts.</summary>
    public int MaxPods { get; set; } = 110;

    /// <summary>Cpu kept back from allocatable for the system, in millicores.</summary>
    public int ReservedCpuMillis { get; set; } = 100;

    /// <summary>Memory kept back from allocatable for the system, in MiB.</summary>
    public int ReservedMemoryMebibytes { get; set; } = 256;

    /// <summary>The leaseDurationSeconds written on the node's Lease.</summary>
    public int LeaseDurationSeconds { get; set; } = 40;

    /// <summary>Seconds between renewals of the Lease and refreshes of the Node's conditions.</summary>
    public double RenewIntervalSeconds { get; set; } = 10;

    /// <summary>Seconds between two comparisons of every pod with what containerd runs.</summary>
    public double ResyncIntervalSeconds { get; set; } = 2;

    /// <summary>Throws when a setting cannot work, naming the setting, its value and the rule.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(NodeName))
        {
            throw new InvalidOperationException("NodeAgent:NodeName is empty; it must name the node");
        }

        if (Port is <= 0 or > 65535)
        {
            throw new InvalidOperationException($"NodeAgent:Port is {Port}; it must be 1 to 65535");
        }

        if (LeaseDurationSeconds <= 0 || RenewIntervalSeconds <= 0 || ResyncIntervalSeconds <= 0)
        {
            throw new InvalidOperationException(
                $"NodeAgent:LeaseDurationSeconds ({LeaseDurationSeconds}), RenewIntervalSeconds " +
                $"({RenewIntervalSeconds}) and ResyncIntervalSeconds ({ResyncIntervalSeconds}) must be positive");
        }
    }
}
