using Orchestrator.NodeAgent.Cri;
using Orchestrator.NodeAgent.Cri.Api;

namespace Orchestrator.NodeAgent.Streaming;

/// <summary>
/// Finds a pod's sandbox and containers in the runtime by kubelet's labels (io.kubernetes.pod.namespace,
/// io.kubernetes.pod.name, io.kubernetes.container.name), newest first.
/// </summary>
public sealed class ContainerLocator
{
    /// <summary>The label naming a pod's namespace on sandboxes and containers.</summary>
    public const string PodNamespaceLabel = "io.kubernetes.pod.namespace";

    /// <summary>The label naming a pod on sandboxes and containers.</summary>
    public const string PodNameLabel = "io.kubernetes.pod.name";

    /// <summary>The label naming a container of the pod's spec.</summary>
    public const string ContainerNameLabel = "io.kubernetes.container.name";

    private readonly ContainerRuntimeClient _runtime;

    /// <summary>Creates a locator asking <paramref name="runtime"/>.</summary>
    public ContainerLocator(ContainerRuntimeClient runtime) => _runtime = runtime;

    /// <summary>
    /// The container's current attempt (the newest), or with <paramref name="previous"/> the one before it; null when
    /// there is none.
    /// </summary>
    public async Task<Container?> FindContainerAsync(
        string podNamespace, string pod, string container, bool previous, CancellationToken cancellationToken)
    {
        var filter = new ContainerFilter
        {
            LabelSelector =
            {
                [PodNamespaceLabel] = podNamespace,
                [PodNameLabel] = pod,
                [ContainerNameLabel] = container,
            },
        };
        var attempts = (await _runtime.ListContainersAsync(filter, cancellationToken))
            .OrderByDescending(attempt => attempt.CreatedAt)
            .ToList();
        var index = previous ? 1 : 0;
        return attempts.Count > index ? attempts[index] : null;
    }

    /// <summary>The pod's sandbox, a ready one before one that is not, newest first; null when there is none.</summary>
    public async Task<PodSandbox?> FindSandboxAsync(
        string podNamespace, string pod, CancellationToken cancellationToken)
    {
        var filter = new PodSandboxFilter
        {
            LabelSelector = { [PodNamespaceLabel] = podNamespace, [PodNameLabel] = pod },
        };
        return (await _runtime.ListPodSandboxesAsync(filter, cancellationToken))
            .OrderByDescending(sandbox => sandbox.State == PodSandboxState.SandboxReady)
            .ThenByDescending(sandbox => sandbox.CreatedAt)
            .FirstOrDefault();
    }
}
