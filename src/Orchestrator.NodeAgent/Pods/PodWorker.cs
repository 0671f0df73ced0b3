using System.Text.Json.Nodes;
using System.Threading.Channels;
using Grpc.Core;
using Orchestrator.NodeAgent.Cri.Api;
using Orchestrator.Store;
using Orchestrator.Store.Errors;
using Orchestrator.Store.Objects;

namespace Orchestrator.NodeAgent.Pods;

/// <summary>
/// Drives one pod of the node towards its spec, one sync at a time: on every change of the pod and every resync it
/// compares the pod with what containerd runs (found by the pod's uid label, so a restarted agent adopts what it
/// finds), starts, restarts or stops containers, and writes the pod's status. A failed sync is logged and retried
/// on the next signal.
/// </summary>
internal sealed partial class PodWorker : IAsyncDisposable
{
    private readonly PodSyncContext _context;
    private readonly Channel<bool> _signals = Channel.CreateBounded<bool>(
        new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly CancellationTokenSource _stop = new();
    private readonly Dictionary<string, BackOffEntry> _restartBackOff = new(StringComparer.Ordinal);
    private readonly Dictionary<string, BackOffEntry> _pullBackOff = new(StringComparer.Ordinal);
    private readonly Task _loop;
    private StoredObject _pod;
    private string? _lastSandboxFailure;

    public PodWorker(PodSyncContext context, StoredObject pod)
    {
        _context = context;
        _pod = pod;
        Signal();
        _loop = Task.Run(RunAsync);
    }

    /// <summary>
    /// Takes a newer version of the pod, and syncs it unless only its status changed (the worker's own write; the
    /// next resync looks again anyway).
    /// </summary>
    public void Update(StoredObject pod)
    {
        var previous = Volatile.Read(ref _pod);
        if (pod.Revision < previous.Revision)
        {
            return;
        }

        Volatile.Write(ref _pod, pod);
        if (!SameBesidesStatus(previous.Object, pod.Object))
        {
            Signal();
        }
    }

    /// <summary>Asks for a sync; several asks before it runs make one sync.</summary>
    public void Signal() => _signals.Writer.TryWrite(true);

    /// <summary>Stops the worker (the pod's containers keep running).</summary>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _loop;
        }
        catch (OperationCanceledException)
        {
            // Stopped while syncing.
        }

        _stop.Dispose();
    }

    private static bool SameBesidesStatus(JsonObject before, JsonObject after)
    {
        static JsonObject WithoutStatus(JsonObject pod)
        {
            var copy = pod.DeepClone().AsObject();
            copy.Remove("status");
            if (copy["metadata"] is JsonObject metadata)
            {
                metadata.Remove("resourceVersion");
                metadata.Remove("managedFields");
            }

            return copy;
        }

        return JsonNode.DeepEquals(WithoutStatus(before), WithoutStatus(after));
    }

    private async Task RunAsync()
    {
        var token = _stop.Token;
        await foreach (var _ in _signals.Reader.ReadAllAsync(token))
        {
            var pod = Volatile.Read(ref _pod);
            try
            {
                await SyncAsync(pod, token);
            }
            catch (Exception error) when (error is not OperationCanceledException || !token.IsCancellationRequested)
            {
                LogSyncFailed(_context.Logger, pod.Key.Namespace, pod.Key.Name, error);
            }
        }
    }

    private async Task SyncAsync(StoredObject stored, CancellationToken cancellationToken)
    {
        var pod = stored.Object;
        var uid = stored.Uid.ToString();
        if (pod["metadata"]?["deletionTimestamp"] is not null)
        {
            await TerminateAsync(pod, uid, cancellationToken);
            await DeleteObjectAsync(stored, cancellationToken);
            return;
        }

        if (PodJson.Text(pod["status"]?["phase"]) is "Succeeded" or "Failed")
        {
            await StopSandboxesAsync(uid, cancellationToken);
            return;
        }

        var (sandboxId, sandboxConfig) = await EnsureSandboxAsync(pod, uid, cancellationToken);
        var sandbox = await _context.Runtime.GetPodSandboxStatusAsync(sandboxId, cancellationToken);
        var podIp = PodJson.Bool(pod["spec"]?["hostNetwork"]) ? _context.HostIp
            : sandbox?.Network?.Ip is { Length: > 0 } ip ? ip
            : null;
        var views = await ObserveContainersAsync(sandboxId, cancellationToken);
        var waiting = new Dictionary<string, WaitingReason>(StringComparer.Ordinal);
        var step = new SyncStep(stored, sandboxId, sandboxConfig, podIp ?? "", views, waiting);

        await StartContainersAsync(step, cancellationToken);

        // Observe again so that the status shows what was just started.
        views = await ObserveContainersAsync(sandboxId, cancellationToken);
        foreach (var (name, reason) in waiting)
        {
            views[name] = views.GetValueOrDefault(name, ContainerView.None) with { Waiting = reason };
        }

        await WriteStatusAsync(stored, new PodObservation(podIp, _context.HostIp, views), cancellationToken);
    }

    // The pod's ready sandbox, or a new one (its earlier, dead sandboxes removed).
    private async Task<(string Id, PodSandboxConfig Config)> EnsureSandboxAsync(
        JsonObject pod, string uid, CancellationToken cancellationToken)
    {
        var sandboxes = await ListSandboxesAsync(uid, cancellationToken);
        var ready = sandboxes.Where(s => s.State == PodSandboxState.SandboxReady).MaxBy(s => s.CreatedAt);
        if (ready is not null)
        {
            var attempt = ready.Metadata?.Attempt ?? 0;
            return (ready.Id, CriConfigs.Sandbox(pod, _context.Options.NodeName, _context.Options.LogRoot, attempt));
        }

        foreach (var dead in sandboxes)
        {
            await _context.Runtime.StopPodSandboxAsync(dead.Id, cancellationToken);
            await _context.Runtime.RemovePodSandboxAsync(dead.Id, cancellationToken);
        }

        var next = sandboxes.Count == 0 ? 0 : sandboxes.Max(s => s.Metadata?.Attempt ?? 0) + 1;
        var config = CriConfigs.Sandbox(pod, _context.Options.NodeName, _context.Options.LogRoot, next);
        Directory.CreateDirectory(config.LogDirectory);
        string id;
        try
        {
            id = await _context.Runtime.RunPodSandboxAsync(config, cancellationToken);
        }
        catch (RpcException error)
        {
            // Reported once per distinct failure; the sync loop logs it and retries on the next resync.
            var message = "Failed to create pod sandbox: " + error.Status.Detail;
            if (message != _lastSandboxFailure)
            {
                _lastSandboxFailure = message;
                await _context.Events.RecordAsync(pod, null, "Warning", "FailedCreatePodSandBox", message,
                    cancellationToken);
            }

            throw;
        }

        _lastSandboxFailure = null;
        LogSandboxStarted(_context.Logger, PodJson.Namespace(pod), PodJson.Name(pod), id);
        return (id, config);
    }

    private async Task<IReadOnlyList<PodSandbox>> ListSandboxesAsync(string uid, CancellationToken cancellationToken)
    {
        var filter = new PodSandboxFilter { LabelSelector = { [PodLabels.PodUid] = uid } };
        return await _context.Runtime.ListPodSandboxesAsync(filter, cancellationToken);
    }

    // Each container's latest instance and the one before; older exited instances are removed.
    private async Task<Dictionary<string, ContainerView>> ObserveContainersAsync(
        string sandboxId, CancellationToken cancellationToken)
    {
        var listed = await _context.Runtime.ListContainersAsync(
            new ContainerFilter { PodSandboxId = sandboxId }, cancellationToken);
        var views = new Dictionary<string, ContainerView>(StringComparer.Ordinal);
        foreach (var group in listed.GroupBy(c => c.Labels.GetValueOrDefault(PodLabels.ContainerName) ?? ""))
        {
            var instances = group.OrderByDescending(c => c.CreatedAt).ToList();
            var current = await StatusOfAsync(instances[0].Id, cancellationToken);
            var previous = instances.Count > 1 ? await StatusOfAsync(instances[1].Id, cancellationToken) : null;
            foreach (var old in instances.Skip(2))
            {
                await _context.Runtime.RemoveContainerAsync(old.Id, cancellationToken);
            }

            views[group.Key] = new ContainerView(current, previous, null);
        }

        return views;
    }

    private async Task<ObservedContainer?> StatusOfAsync(string id, CancellationToken cancellationToken) =>
        await _context.Runtime.GetContainerStatusAsync(id, cancellationToken) is { } status
            ? ObservedContainer.From(status)
            : null;

    private async Task WriteStatusAsync(
        StoredObject stored, PodObservation observed, CancellationToken cancellationToken)
    {
        // Most syncs change nothing: compare with the latest version the feed brought before reading the store.
        var latest = Volatile.Read(ref _pod);
        if (latest.Uid == stored.Uid && JsonNode.DeepEquals(
                PodStatusBuilder.Build(latest.Object, observed, _context.Time.GetUtcNow()), latest.Object["status"]))
        {
            return;
        }

        try
        {
            await _context.Store.GuaranteedUpdateAsync(stored.Key, current =>
            {
                if (current.Uid != stored.Uid)
                {
                    return null;
                }

                var status = PodStatusBuilder.Build(current.Object, observed, _context.Time.GetUtcNow());
                if (JsonNode.DeepEquals(status, current.Object["status"]))
                {
                    return null;
                }

                var next = current.ToJsonObject();
                next["status"] = status;
                return next;
            }, cancellationToken);
        }
        catch (ObjectNotFoundException)
        {
            // Deleted meanwhile: the feed brings the deletion.
        }
    }

    /// <summary>What one sync works with.</summary>
    private sealed record SyncStep(
        StoredObject Stored,
        string SandboxId,
        PodSandboxConfig SandboxConfig,
        string PodIp,
        Dictionary<string, ContainerView> Views,
        Dictionary<string, WaitingReason> Waiting)
    {
        public JsonObject Pod => Stored.Object;
    }
}
