using Orchestrator.NodeAgent.Cri;
using Orchestrator.NodeAgent.Cri.Api;
using Orchestrator.NodeAgent.Node;
using Orchestrator.Store;
using Orchestrator.Store.Objects;
using Orchestrator.Store.Selection;

namespace Orchestrator.NodeAgent.Pods;

/// <summary>
/// Runs the pods bound to this node through containerd, level-driven: it lists and then watches the pods whose
/// spec.nodeName is this node, gives each its own worker, and every resync interval asks every worker to compare
/// its pod with containerd again. Sandboxes this node's agent made for pods that no longer exist (deleted while the
/// agent was down, or force-deleted) are stopped and removed with their logs. Restarting the agent adopts the
/// running sandboxes and containers: they are found by their labels and left running.
/// </summary>
public sealed partial class PodSynchronizer(
    IObjectStore store,
    ContainerRuntimeClient runtime,
    NodeAgentOptions options,
    TimeProvider time,
    ILoggerFactory loggers)
    : BackgroundService
{
    private const string Pods = "pods";

    private readonly ILogger _logger = loggers.CreateLogger<PodSynchronizer>();
    private readonly Dictionary<Guid, PodWorker> _workers = [];
    private readonly Lock _lock = new();
    private PodSyncContext? _context;
    private volatile bool _listed;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var machine = await MachineFacts.ReadAsync(options.InternalIp, stoppingToken);
        var events = new PodEventRecorder(store, options.NodeName, time, loggers.CreateLogger<PodEventRecorder>());
        _context = new PodSyncContext(runtime, store, options, machine.InternalIp, events, time, _logger);
        try
        {
            await Task.WhenAll(FollowLoopAsync(stoppingToken), ResyncLoopAsync(stoppingToken));
        }
        finally
        {
            List<PodWorker> workers;
            lock (_lock)
            {
                workers = [.. _workers.Values];
                _workers.Clear();
            }

            foreach (var worker in workers)
            {
                await worker.DisposeAsync();
            }
        }
    }

    private async Task FollowLoopAsync(CancellationToken cancellationToken)
    {
        var filter = new ObjectFilter(
            LabelSelector.Everything, FieldSelector.Parse("spec.nodeName=" + options.NodeName));
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                var revision = await store.GetRevisionAsync(cancellationToken);
                var listed = new Dictionary<Guid, StoredObject>();
                var request = new ListRequest(Pods)
                {
                    Filter = filter,
                    Limit = 500,
                    Revision = revision,
                    Match = RevisionMatch.Exact,
                };
                while (true)
                {
                    var page = await store.ListAsync(request, cancellationToken);
                    foreach (var pod in page.Items)
                    {
                        listed[pod.Uid] = pod;
                    }

                    if (page.Continue is null)
                    {
                        break;
                    }

                    request = request with { Continue = page.Continue, Revision = 0, Match = RevisionMatch.Latest };
                }

                await ReplaceAllAsync(listed);
                _listed = true;
                await foreach (var change in store.WatchAsync(
                    new WatchRequest(Pods, revision) { Filter = filter }, cancellationToken))
                {
                    if (change.Type == ChangeType.Deleted)
                    {
                        await RemoveAsync(change.Object.Uid);
                    }
                    else
                    {
                        Upsert(change.Object);
                    }
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception error)
            {
                LogFollowRestart(_logger, options.NodeName, error);
                await Task.Delay(TimeSpan.FromSeconds(2), time, cancellationToken);
            }
        }
    }

    private async Task ResyncLoopAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(options.ResyncIntervalSeconds), time);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                if (!_listed)
                {
                    continue;
                }

                lock (_lock)
                {
                    foreach (var worker in _workers.Values)
                    {
                        worker.Signal();
                    }
                }

                try
                {
                    await RemoveOrphansAsync(cancellationToken);
                }
                catch (Exception error) when (error is not OperationCanceledException)
                {
                    LogCleanupFailed(_logger, options.NodeName, error);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    // Sandboxes of this node whose pod has no worker: the pod is gone.
    private async Task RemoveOrphansAsync(CancellationToken cancellationToken)
    {
        var filter = new PodSandboxFilter { LabelSelector = { [PodLabels.NodeName] = options.NodeName } };
        var sandboxes = await runtime.ListPodSandboxesAsync(filter, cancellationToken);

        // Read the workers after the sandboxes: a sandbox made meanwhile belongs to a worker already known.
        HashSet<string> known;
        lock (_lock)
        {
            known = _workers.Keys.Select(uid => uid.ToString()).ToHashSet(StringComparer.Ordinal);
        }

        foreach (var sandbox in sandboxes)
        {
            var uid = sandbox.Labels.GetValueOrDefault(PodLabels.PodUid) ?? "";
            if (!known.Contains(uid))
            {
                await PodWorker.RemoveSandboxAsync(runtime, sandbox, options.LogRoot, cancellationToken);
                LogOrphanRemoved(_logger, sandbox.Metadata?.Namespace ?? "", sandbox.Metadata?.Name ?? "", sandbox.Id);
            }
        }
    }

    private void Upsert(StoredObject pod)
    {
        lock (_lock)
        {
            if (_workers.TryGetValue(pod.Uid, out var worker))
            {
                worker.Update(pod);
            }
            else
            {
                _workers[pod.Uid] = new PodWorker(_context!, pod);
            }
        }
    }

    private async Task ReplaceAllAsync(Dictionary<Guid, StoredObject> listed)
    {
        List<Guid> gone;
        lock (_lock)
        {
            gone = _workers.Keys.Where(uid => !listed.ContainsKey(uid)).ToList();
        }

        foreach (var uid in gone)
        {
            await RemoveAsync(uid);
        }

        foreach (var pod in listed.Values)
        {
            Upsert(pod);
        }
    }

    private async Task RemoveAsync(Guid uid)
    {
        PodWorker? worker;
        lock (_lock)
        {
            _workers.Remove(uid, out worker);
        }

        if (worker is not null)
        {
            await worker.DisposeAsync();
        }
    }

    [LoggerMessage(EventId = 5401, Level = LogLevel.Warning,
        Message = "Following the pods of node {Node} failed; listing them again")]
    private static partial void LogFollowRestart(ILogger logger, string node, Exception error);

    [LoggerMessage(EventId = 5402, Level = LogLevel.Warning,
        Message = "Removing sandboxes of deleted pods on node {Node} failed; retrying on the next resync")]
    private static partial void LogCleanupFailed(ILogger logger, string node, Exception error);

    [LoggerMessage(EventId = 5403, Level = LogLevel.Information,
        Message = "Removed sandbox {SandboxId} of pod {Namespace}/{Name}, which no longer exists")]
    private static partial void LogOrphanRemoved(ILogger logger, string @namespace, string name, string sandboxId);
}
