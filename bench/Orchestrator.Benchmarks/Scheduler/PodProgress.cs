using System.Diagnostics;
using System.Text.Json.Nodes;
using Orchestrator.Store;
using Orchestrator.Store.Objects;

namespace Orchestrator.Benchmarks.Scheduler;

/// <summary>
/// Follows the pods through the store's change feed from one revision: when each pod was first seen with a
/// spec.nodeName (bound) and first seen Running, on the benchmark's clock. Thread-safe to read while it follows.
/// </summary>
internal sealed class PodProgress(int expected)
{
    private readonly HashSet<string> _bound = new(StringComparer.Ordinal);
    private readonly HashSet<string> _running = new(StringComparer.Ordinal);
    private readonly TaskCompletionSource _allRunning = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock _gate = new();
    private long _firstBind;
    private long _lastBind;
    private long _lastRunning;

    /// <summary>Completes once <c>expected</c> pods have been seen Running.</summary>
    public Task AllRunning => _allRunning.Task;

    public int Bound
    {
        get
        {
            lock (_gate)
            {
                return _bound.Count;
            }
        }
    }

    public int Running
    {
        get
        {
            lock (_gate)
            {
                return _running.Count;
            }
        }
    }

    /// <summary>The Stopwatch timestamps of the first and last bind seen.</summary>
    public (long First, long Last) BindSpan
    {
        get
        {
            lock (_gate)
            {
                return (_firstBind, _lastBind);
            }
        }
    }

    /// <summary>The Stopwatch timestamp at which the last pod was seen Running.</summary>
    public long LastRunning
    {
        get
        {
            lock (_gate)
            {
                return _lastRunning;
            }
        }
    }

    /// <summary>Reads the pod changes after <paramref name="revision"/> until cancelled.</summary>
    public async Task FollowAsync(IObjectStore store, long revision, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var change in store.WatchAsync(new WatchRequest("pods", revision), cancellationToken))
            {
                if (change.Type != ChangeType.Deleted)
                {
                    Observe(change.Object, Stopwatch.GetTimestamp());
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    private void Observe(StoredObject pod, long now)
    {
        var key = $"{pod.Key.Namespace}/{pod.Key.Name}";
        var bound = pod.Object["spec"]?["nodeName"] is JsonValue node && node.GetValue<string>().Length > 0;
        var running = pod.Object["status"]?["phase"] is JsonValue phase && phase.GetValue<string>() == "Running";
        lock (_gate)
        {
            if (bound && _bound.Add(key))
            {
                _firstBind = _bound.Count == 1 ? now : _firstBind;
                _lastBind = now;
            }

            if (running && _running.Add(key))
            {
                _lastRunning = now;
                if (_running.Count >= expected)
                {
                    _allRunning.TrySetResult();
                }
            }
        }
    }
}
