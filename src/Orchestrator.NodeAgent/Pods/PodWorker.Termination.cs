using System.Text.Json.Nodes;
using Orchestrator.NodeAgent.Cri;
using Orchestrator.NodeAgent.Cri.Api;
using Orchestrator.Store.Errors;
using Orchestrator.Store.Objects;

namespace Orchestrator.NodeAgent.Pods;

internal sealed partial class PodWorker
{
    /// <summary>
    /// Removes a sandbox, its containers and its log directory. Idempotent. Used for pods that are gone and for
    /// sandboxes that belong to no pod of the node.
    /// </summary>
    public static async Task RemoveSandboxAsync(
        ContainerRuntimeClient runtime, PodSandbox sandbox, string logRoot, CancellationToken cancellationToken)
    {
        await runtime.StopPodSandboxAsync(sandbox.Id, cancellationToken);
        await runtime.RemovePodSandboxAsync(sandbox.Id, cancellationToken);
        if (sandbox.Metadata is { } metadata)
        {
            var directory = CriConfigs.LogDirectory(logRoot, metadata.Namespace, metadata.Name, metadata.Uid);
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
    }

    // Stops the pod's containers with its grace period, then removes its sandboxes and logs.
    private async Task TerminateAsync(JsonObject pod, string uid, CancellationToken cancellationToken)
    {
        var grace = TimeSpan.FromSeconds(PodJson.Long(pod["metadata"]?["deletionGracePeriodSeconds"])
            ?? PodJson.Long(pod["spec"]?["terminationGracePeriodSeconds"])
            ?? 30);
        var sandboxes = await ListSandboxesAsync(uid, cancellationToken);
        foreach (var sandbox in sandboxes)
        {
            var running = await _context.Runtime.ListContainersAsync(new ContainerFilter
            {
                PodSandboxId = sandbox.Id,
                State = new ContainerStateValue { State = ContainerState.ContainerRunning },
            }, cancellationToken);
            await Task.WhenAll(running.Select(async container =>
            {
                var name = container.Labels.GetValueOrDefault(PodLabels.ContainerName) ?? "";
                await _context.Events.RecordAsync(pod, name, "Normal", "Killing", "Stopping container " + name,
                    cancellationToken);
                await _context.Runtime.StopContainerAsync(container.Id, grace, cancellationToken);
            }));
            await RemoveSandboxAsync(_context.Runtime, sandbox, _context.Options.LogRoot, cancellationToken);
        }

        if (sandboxes.Count > 0)
        {
            LogPodTerminated(_context.Logger, PodJson.Namespace(pod), PodJson.Name(pod), sandboxes.Count);
        }
    }

    // A finished pod keeps its (stopped) sandbox and containers for its logs until it is deleted.
    private async Task StopSandboxesAsync(string uid, CancellationToken cancellationToken)
    {
        foreach (var sandbox in await ListSandboxesAsync(uid, cancellationToken))
        {
            if (sandbox.State == PodSandboxState.SandboxReady)
            {
                await _context.Runtime.StopPodSandboxAsync(sandbox.Id, cancellationToken);
            }
        }
    }

    // Once its containers are gone, the pod object goes too, unless finalizers still hold it.
    private async Task DeleteObjectAsync(StoredObject stored, CancellationToken cancellationToken)
    {
        if (stored.Object["metadata"]?["finalizers"] is JsonArray { Count: > 0 })
        {
            return;
        }

        try
        {
            await _context.Store.DeleteAsync(stored.Key, new DeletePreconditions(stored.Uid), cancellationToken);
            LogPodDeleted(_context.Logger, stored.Key.Namespace, stored.Key.Name);
        }
        catch (StoreException error) when (error is ObjectNotFoundException or ObjectConflictException)
        {
            // Gone already, or replaced by another pod of the same name.
        }
    }
}
