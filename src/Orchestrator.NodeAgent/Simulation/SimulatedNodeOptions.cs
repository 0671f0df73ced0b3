namespace Orchestrator.NodeAgent.Simulation;

/// <summary>
/// Settings of the simulated node runtime, read from the <c>Simulation</c> section: how many nodes it hosts, how
/// they are named, what each offers and in which zones they sit, and how often their leases are renewed.
/// </summary>
public sealed class SimulatedNodeOptions
{
    /// <summary>How many nodes the process hosts; 0 turns the simulation off.</summary>
    public int NodeCount { get; set; }

    /// <summary>Node names are the prefix and the node's index: <c>sim-node-0</c>, <c>sim-node-1</c>…</summary>
    public string NamePrefix { get; set; } = "sim-node";

    /// <summary>The region label (topology.kubernetes.io/region); by default <c>Orchestrator:Region</c>.</summary>
    public string Region { get; set; } = "local";

    /// <summary>Zones the nodes are spread over in turn (topology.kubernetes.io/zone).</summary>
    public IList<string> Zones { get; set; } = [];

    /// <summary>Cpu each node offers, as a Kubernetes quantity.</summary>
    public string Cpu { get; set; } = "8";

    /// <summary>Memory each node offers, as a Kubernetes quantity.</summary>
    public string Memory { get; set; } = "32Gi";

    /// <summary>How many pods each node may hold.</summary>
    public int Pods { get; set; } = 110;

    /// <summary>The leaseDurationSeconds written on each node's Lease.</summary>
    public int LeaseDurationSeconds { get; set; } = 40;

    /// <summary>Seconds between two renewals of a node's Lease (and checks of its Ready condition).</summary>
    public double RenewIntervalSeconds { get; set; } = 5;

    /// <summary>The zone of the node with the given index, or null when no zones are configured.</summary>
    public string? ZoneOf(int index) => Zones.Count == 0 ? null : Zones[index % Zones.Count];

    /// <summary>The name of the node with the given index.</summary>
    public string NameOf(int index) => $"{NamePrefix}-{index}";

    /// <summary>Throws when a setting cannot work, naming the setting, its value and the rule.</summary>
    public void Validate()
    {
        if (NodeCount < 0 || NodeCount > 65_000)
        {
            throw new InvalidOperationException($"Simulation:NodeCount is {NodeCount}; it must be 0 to 65000");
        }

        if (string.IsNullOrWhiteSpace(NamePrefix))
        {
            throw new InvalidOperationException("Simulation:NamePrefix is empty; it must name the nodes");
        }

        if (LeaseDurationSeconds <= 0 || RenewIntervalSeconds <= 0)
        {
            throw new InvalidOperationException(
                $"Simulation:LeaseDurationSeconds ({LeaseDurationSeconds}) and Simulation:RenewIntervalSeconds " +
                $"({RenewIntervalSeconds}) must be positive");
        }
    }
}
