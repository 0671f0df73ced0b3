namespace Orchestrator.NodeAgent.Pods;

/// <summary>
/// The labels and annotations the agent puts on sandboxes and containers, kubelet's own, by which it finds them
/// again after a restart.
/// </summary>
public static class PodLabels
{
    /// <summary>The pod's name, on sandboxes and containers.</summary>
    public const string PodName = "io.kubernetes.pod.name";

    /// <summary>The pod's namespace, on sandboxes and containers.</summary>
    public const string PodNamespace = "io.kubernetes.pod.namespace";

    /// <summary>The pod's uid, on sandboxes and containers.</summary>
    public const string PodUid = "io.kubernetes.pod.uid";

    /// <summary>The container's name in the pod spec, on containers.</summary>
    public const string ContainerName = "io.kubernetes.container.name";

    /// <summary>The node whose agent made the sandbox: agents sharing a runtime leave each other alone.</summary>
    public const string NodeName = "orchestrator.io/node";

    /// <summary>Annotation: how many times the container had been restarted when this instance was made.</summary>
    public const string RestartCount = "io.kubernetes.container.restartCount";
}
