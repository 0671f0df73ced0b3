namespace Orchestrator.NodeAgent.Pods;

/// <summary>
/// What the agent saw of a pod on the node in one sync: the sandbox's address (null while it has none), the node's
/// address, and each container's view by name (init and regular containers alike; names are unique in a pod).
/// </summary>
public sealed record PodObservation(
    string? PodIp, string HostIp, IReadOnlyDictionary<string, ContainerView> Containers)
{
    /// <summary>The view of the named container, <see cref="ContainerView.None"/> when it has none.</summary>
    public ContainerView Of(string name) => Containers.GetValueOrDefault(name) ?? ContainerView.None;
}
