using System.Threading.Channels;

namespace Orchestrator.ControlPlane.Scheduling;

/// <summary>
/// The pods one scheduler shard has to place, by namespace/name: ready ones in arrival order, each at most once,
/// and parked ones (no node could take them) waiting for a back-off to pass or a node to change. A pod parked at a
/// generation stays parked through updates that leave its spec alone (such as the scheduler's own status write).
/// Thread-safe.
/// </summary>
internal sealed class SchedulingQueue
{
    private readonly Lock _gate = new();
    private readonly Channel<string> _ready = Channel.CreateUnbounded<string>();
    private readonly HashSet<string> _queued = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (long Generation, DateTimeOffset RetryAt)> _parked =
        new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _failures = new(StringComparer.Ordinal);

    /// <summary>Queues the pod unless it is queued already or parked at the same generation.</summary>
    public void Offer(string key, long generation)
    {
        lock (_gate)
        {
            if (_parked.TryGetValue(key, out var parked) && parked.Generation == generation)
            {
                return;
            }

            _parked.Remove(key);
            Enqueue(key);
        }
    }

    /// <summary>Parks the pod after a failed attempt until the back-off for its failures so far has passed.</summary>
    public void Park(string key, long generation, DateTimeOffset now, SchedulerOptions options)
    {
        lock (_gate)
        {
            var failures = _failures[key] = _failures.GetValueOrDefault(key) + 1;
            _parked[key] = (generation, now + options.BackoffAfter(failures));
        }
    }

    /// <summary>Drops what the queue remembers of the pod (it was bound, deleted or finished).</summary>
    public void Forget(string key)
    {
        lock (_gate)
        {
            _parked.Remove(key);
            _failures.Remove(key);
        }
    }

    /// <summary>Queues every parked pod again (a node appeared or changed, so they may fit now).</summary>
    public void WakeAll()
    {
        lock (_gate)
        {
            foreach (var key in _parked.Keys)
            {
                Enqueue(key);
            }

            _parked.Clear();
        }
    }

    /// <summary>Queues the parked pods whose back-off has passed.</summary>
    public void WakeDue(DateTimeOffset now)
    {
        lock (_gate)
        {
            foreach (var (key, _) in _parked.Where(p => p.Value.RetryAt <= now).ToList())
            {
                _parked.Remove(key);
                Enqueue(key);
            }
        }
    }

    /// <summary>The next ready pod; waits until there is one.</summary>
    public async ValueTask<string> TakeAsync(CancellationToken cancellationToken)
    {
        var key = await _ready.Reader.ReadAsync(cancellationToken);
        lock (_gate)
        {
            _queued.Remove(key);
        }

        return key;
    }

    private void Enqueue(string key)
    {
        if (_queued.Add(key))
        {
            _ready.Writer.TryWrite(key);
        }
    }
}
