using Orchestrator.NodeAgent.Cri.Api;

namespace Orchestrator.NodeAgent.Node;

/// <summary>
/// The Node's Ready condition as the runtime's health decides it: True only while the CRI status reports both
/// RuntimeReady and NetworkReady, otherwise False with the reason and message of the first condition that fails.
/// </summary>
public sealed record NodeReadiness(bool Ready, string Reason, string Message)
{
    /// <summary>Ready, with kubelet's reason.</summary>
    public static NodeReadiness Healthy { get; } = new(true, "KubeletReady", "kubelet is posting ready status");

    /// <summary>Reads the runtime's conditions; a missing condition counts as not ready.</summary>
    public static NodeReadiness From(RuntimeStatus status)
    {
        foreach (var type in new[] { "RuntimeReady", "NetworkReady" })
        {
            var condition = status.Conditions.FirstOrDefault(c => c.Type == type);
            if (condition is null || !condition.Status)
            {
                var detail = condition is null
                    ? "the runtime does not report it"
                    : $"{condition.Reason}: {condition.Message}".Trim(' ', ':');
                return new NodeReadiness(false, "KubeletNotReady", $"container runtime {type} is false: {detail}");
            }
        }

        return Healthy;
    }

    /// <summary>Not ready because the runtime could not be asked.</summary>
    public static NodeReadiness Unreachable(string error) =>
        new(false, "KubeletNotReady", $"container runtime is down: {error}");
}
