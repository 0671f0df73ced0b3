using Orchestrator.NodeAgent.Cri.Api;

namespace Orchestrator.NodeAgent.Pods;

/// <summary>
/// One instance of a container as the runtime reports it (CRI ContainerStatus): its id, state, exit code and reason,
/// times (Unix nanoseconds, 0 when not reached), image and the restart count it was made with.
/// </summary>
public sealed record ObservedContainer(
    string Id,
    ContainerState State,
    int ExitCode,
    string Reason,
    string Message,
    long StartedAt,
    long FinishedAt,
    string ImageRef,
    int RestartCount)
{
    /// <summary>Reads a CRI container status; the restart count comes from the agent's annotation.</summary>
    public static ObservedContainer From(ContainerStatus status)
    {
        var restarts = status.Annotations.TryGetValue(PodLabels.RestartCount, out var text) &&
            int.TryParse(text, out var count)
                ? count
                : (int)(status.Metadata?.Attempt ?? 0);
        return new ObservedContainer(status.Id, status.State, status.ExitCode, status.Reason, status.Message,
            status.StartedAt, status.FinishedAt, status.ImageRef, restarts);
    }

    /// <summary>Whether the instance has exited.</summary>
    public bool Exited => State == ContainerState.ContainerExited;

    /// <summary>Whether the instance runs.</summary>
    public bool Running => State == ContainerState.ContainerRunning;

    /// <summary>Whether the instance exited with code 0.</summary>
    public bool Succeeded => Exited && ExitCode == 0;
}
