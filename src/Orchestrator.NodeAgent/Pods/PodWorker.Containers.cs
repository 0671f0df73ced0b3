using System.Diagnostics;
using System.Text.Json.Nodes;
using Grpc.Core;
using Orchestrator.NodeAgent.Cri.Api;

namespace Orchestrator.NodeAgent.Pods;

internal sealed partial class PodWorker
{
    private static readonly TimeSpan PullTimeout = TimeSpan.FromMinutes(5);

    // Init containers one at a time in order, each once its predecessor succeeded; then every container.
    private async Task StartContainersAsync(SyncStep step, CancellationToken cancellationToken)
    {
        var policy = PodJson.RestartPolicy(step.Pod);
        foreach (var init in PodJson.InitContainers(step.Pod))
        {
            var view = step.Views.GetValueOrDefault(Name(init), ContainerView.None);
            if (view.Current?.Succeeded == true)
            {
                continue;
            }

            // Init containers are restarted on failure unless the pod never restarts anything.
            await EnsureContainerAsync(step, init, view, policy == "Never" ? "Never" : "OnFailure",
                cancellationToken);
            return;
        }

        foreach (var container in PodJson.Containers(step.Pod))
        {
            var view = step.Views.GetValueOrDefault(Name(container), ContainerView.None);
            await EnsureContainerAsync(step, container, view, policy, cancellationToken);
        }
    }

    private async Task EnsureContainerAsync(
        SyncStep step, JsonObject container, ContainerView view, string policy, CancellationToken cancellationToken)
    {
        var name = Name(container);
        var current = view.Current;
        if (current is null)
        {
            await StartNewAsync(step, container, 0, cancellationToken);
            return;
        }

        if (current.State == ContainerState.ContainerCreated)
        {
            // Created by an agent that stopped before starting it.
            await _context.Runtime.StartContainerAsync(current.Id, cancellationToken);
            return;
        }

        if (!current.Exited || !PodStatusBuilder.ShouldRestart(policy, current.ExitCode))
        {
            return;
        }

        var now = _context.Time.GetUtcNow();
        var backOff = ContainerBackOff.AfterExit(_restartBackOff.GetValueOrDefault(name), current.Id,
            FromNanos(current.StartedAt), FromNanos(current.FinishedAt));
        _restartBackOff[name] = backOff;
        if (now < backOff.NotBefore)
        {
            var message = $"back-off {backOff.Wait.TotalSeconds:0}s restarting failed container={name} " +
                $"pod={PodJson.Name(step.Pod)}_{PodJson.Namespace(step.Pod)}({PodJson.Uid(step.Pod)})";
            step.Waiting[name] = new WaitingReason("CrashLoopBackOff", message);
            if (!backOff.Reported)
            {
                backOff.Reported = true;
                await _context.Events.RecordAsync(step.Pod, name, "Warning", "BackOff",
                    "Back-off restarting failed container " + name, cancellationToken);
            }

            return;
        }

        await StartNewAsync(step, container, current.RestartCount + 1, cancellationToken);
    }

    // Pulls the image as the policy asks, then creates and starts instance number restartCount of the container.
    private async Task StartNewAsync(
        SyncStep step, JsonObject container, int restartCount, CancellationToken cancellationToken)
    {
        var name = Name(container);
        if (!await PullImageAsync(step, container, cancellationToken))
        {
            return;
        }

        List<KeyValue> environment;
        try
        {
            environment = await ResolveEnvironmentAsync(step, container, cancellationToken);
        }
        catch (ContainerConfigException error)
        {
            step.Waiting[name] = new WaitingReason("CreateContainerConfigError", error.Message);
            await _context.Events.RecordAsync(step.Pod, name, "Warning", "Failed", "Error: " + error.Message,
                cancellationToken);
            return;
        }

        var config = CriConfigs.Container(step.Pod, container, restartCount, environment);
        string id;
        try
        {
            id = await _context.Runtime.CreateContainerAsync(step.SandboxId, config, step.SandboxConfig,
                cancellationToken);
        }
        catch (RpcException error)
        {
            step.Waiting[name] = new WaitingReason("CreateContainerError", error.Status.Detail);
            await _context.Events.RecordAsync(step.Pod, name, "Warning", "Failed", "Error: " + error.Status.Detail,
                cancellationToken);
            return;
        }

        await _context.Events.RecordAsync(step.Pod, name, "Normal", "Created", "Created container " + name,
            cancellationToken);
        try
        {
            await _context.Runtime.StartContainerAsync(id, cancellationToken);
        }
        catch (RpcException error)
        {
            // The instance stays exited with the runtime's reason; the restart policy and back-off take over.
            await _context.Events.RecordAsync(step.Pod, name, "Warning", "Failed", "Error: " + error.Status.Detail,
                cancellationToken);
            return;
        }

        await _context.Events.RecordAsync(step.Pod, name, "Normal", "Started", "Started container " + name,
            cancellationToken);
        LogContainerStarted(_context.Logger, PodJson.Namespace(step.Pod), PodJson.Name(step.Pod), name, restartCount,
            id);
    }

    // True when the image is on the node; otherwise records why not (ErrImagePull, ImagePullBackOff…).
    private async Task<bool> PullImageAsync(SyncStep step, JsonObject container, CancellationToken cancellationToken)
    {
        var name = Name(container);
        var image = PodJson.Text(container["image"]) ?? "";
        var policy = CriConfigs.PullPolicy(container, image);
        var now = _context.Time.GetUtcNow();
        if (_pullBackOff.GetValueOrDefault(name) is { } pending && pending.Key == image && now < pending.NotBefore)
        {
            step.Waiting[name] = new WaitingReason("ImagePullBackOff", $"Back-off pulling image \"{image}\"");
            if (!pending.Reported)
            {
                pending.Reported = true;
                await _context.Events.RecordAsync(step.Pod, name, "Normal", "BackOff",
                    $"Back-off pulling image \"{image}\"", cancellationToken);
            }

            return false;
        }

        try
        {
            var present = await _context.Runtime.GetImageStatusAsync(image, cancellationToken);
            if (present is not null && policy != "Always")
            {
                _pullBackOff.Remove(name);
                await _context.Events.RecordAsync(step.Pod, name, "Normal", "Pulled",
                    $"Container image \"{image}\" already present on machine", cancellationToken);
                return true;
            }

            if (policy == "Never")
            {
                var message = $"Container image \"{image}\" is not present with pull policy of Never";
                step.Waiting[name] = new WaitingReason("ErrImageNeverPull", message);
                await _context.Events.RecordAsync(step.Pod, name, "Warning", "ErrImageNeverPull", message,
                    cancellationToken);
                return false;
            }

            await _context.Events.RecordAsync(step.Pod, name, "Normal", "Pulling", $"Pulling image \"{image}\"",
                cancellationToken);
            var watch = Stopwatch.StartNew();
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(PullTimeout);
            await _context.Runtime.PullImageAsync(image, timeout.Token);
            _pullBackOff.Remove(name);
            await _context.Events.RecordAsync(step.Pod, name, "Normal", "Pulled",
                $"Successfully pulled image \"{image}\" in {watch.Elapsed.TotalSeconds:0.###}s", cancellationToken);
            return true;
        }
        catch (Exception error) when (error is RpcException ||
            (error is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            var detail = error is RpcException rpc ? rpc.Status.Detail : "pull timed out";
            _pullBackOff[name] = ContainerBackOff.AfterPullFailure(_pullBackOff.GetValueOrDefault(name), image, now);
            step.Waiting[name] = new WaitingReason("ErrImagePull", detail);
            await _context.Events.RecordAsync(step.Pod, name, "Warning", "Failed",
                $"Failed to pull image \"{image}\": {detail}", cancellationToken);
            await _context.Events.RecordAsync(step.Pod, name, "Warning", "Failed", "Error: ErrImagePull",
                cancellationToken);
            return false;
        }
    }

    private async Task<List<KeyValue>> ResolveEnvironmentAsync(
        SyncStep step, JsonObject container, CancellationToken cancellationToken)
    {
        var ns = PodJson.Namespace(step.Pod);
        var objects = new Dictionary<(string Resource, string Name), JsonObject>();
        foreach (var reference in ContainerEnvironment.References(container).Distinct())
        {
            var stored = await _context.Store.GetAsync(
                new Store.Objects.ObjectKey(reference.Resource, ns, reference.Name), cancellationToken);
            if (stored is not null)
            {
                objects[reference] = stored.Object;
            }
        }

        var fields = new PodFieldValues(step.PodIp, _context.HostIp, _context.Options.NodeName);
        return ContainerEnvironment.Build(step.Pod, container, fields, objects);
    }

    private static string Name(JsonObject container) => PodJson.Text(container["name"]) ?? "";

    private static DateTimeOffset FromNanos(long unixNanos) => DateTimeOffset.UnixEpoch.AddTicks(unixNanos / 100);
}
