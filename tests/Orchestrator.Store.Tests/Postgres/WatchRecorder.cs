using Orchestrator.Store.Objects;

namespace Orchestrator.Store.Tests.Postgres;

/// <summary>Runs a watch in the background and records what it delivers.</summary>
internal sealed class WatchRecorder : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly List<ObjectChange> _changes = [];
    private readonly Task _run;

    public WatchRecorder(IObjectStore store, WatchRequest request)
    {
        Request = request;
        _run = Task.Run(async () =>
        {
            await foreach (var change in store.WatchAsync(request, _stop.Token))
            {
                lock (_changes)
                {
                    _changes.Add(change);
                }
            }
        });
    }

    public WatchRequest Request { get; }

    public List<ObjectChange> Snapshot()
    {
        lock (_changes)
        {
            return [.. _changes];
        }
    }

    /// <summary>Waits until the watch delivered a change at or after the revision.</summary>
    public async Task WaitForRevisionAsync(long revision, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (Snapshot() is var seen && (seen.Count == 0 || seen[^1].Revision < revision))
        {
            if (_run.IsFaulted)
            {
                await _run;
            }

            if (DateTime.UtcNow > deadline)
            {
                var reached = seen.Count == 0 ? 0 : seen[^1].Revision;
                Assert.Fail(
                    $"watch from {Request.FromRevision} reached only {reached}, not {revision}, within {timeout}");
            }

            await Task.Delay(20);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        try
        {
            await _run;
        }
        catch (OperationCanceledException)
        {
        }
    }
}
