namespace Orchestrator.NodeAgent.Pods;

/// <summary>
/// What the agent knows of one container of a pod: its latest instance, the one before (for lastState), and why it
/// waits when the agent holds it back (ContainerCreating, ErrImagePull, ImagePullBackOff, CrashLoopBackOff…).
/// </summary>
public sealed record ContainerView(ObservedContainer? Current, ObservedContainer? Previous, WaitingReason? Waiting)
{
    /// <summary>A container with no instance yet.</summary>
    public static ContainerView None { get; } = new(null, null, null);
}
