using System.Runtime.CompilerServices;
using Orchestrator.Store.Errors;
using Orchestrator.Store.Objects;
using Orchestrator.Store.Watch;

namespace Orchestrator.Store.Postgres;

public sealed partial class PostgresObjectStore
{
    private const int BackfillBatch = 1000;

    public async IAsyncEnumerable<ObjectChange> WatchAsync(
        WatchRequest request, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await _feed.EnsureStartedAsync(cancellationToken);
        var last = request.FromRevision;
        await ThrowIfCompactedAsync(last, cancellationToken);

        var changes = new List<ObjectChange>();
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var advanced = _feed.Advanced;
            changes.Clear();
            long through;
            if (_feed.TryRead(last, changes, out var reached))
            {
                if (changes.Count == 0)
                {
                    last = Math.Max(last, reached);
                    request.OnCaughtUp?.Invoke(last);
                    await advanced.WaitAsync(cancellationToken);
                    continue;
                }

                through = changes[^1].Revision;
            }
            else
            {
                // Behind what memory holds: read the durable log up to where memory starts.
                var upTo = _feed.MemoryStartRevision;
                await using (var connection = await _dataSource.OpenConnectionAsync(cancellationToken))
                {
                    changes.AddRange(await ChangeLogReader.ReadAsync(
                        connection, request.Resource, last, upTo, BackfillBatch, cancellationToken));
                }

                // The log may have been compacted under a watcher that fell this far behind.
                await ThrowIfCompactedAsync(last, cancellationToken);

                // A short read reached where memory starts; a full one continues from its last entry.
                through = changes.Count < BackfillBatch ? Math.Max(last, upTo) : changes[^1].Revision;
            }

            foreach (var change in changes)
            {
                var seen = await ViewThroughFilterAsync(request, change, cancellationToken);
                if (seen is not null)
                {
                    yield return seen;
                }
            }

            last = through;
        }
    }

    // How one change looks to a watcher with a resource, namespace and selectors: Kubernetes turns a change into
    // Added when the object starts to match, and Deleted when it stops.
    private async ValueTask<ObjectChange?> ViewThroughFilterAsync(
        WatchRequest request, ObjectChange change, CancellationToken cancellationToken)
    {
        var key = change.Object.Key;
        if ((request.Resource is not null && key.Resource != request.Resource) ||
            (request.Namespace is not null && key.Namespace != request.Namespace))
        {
            return null;
        }

        if (request.Filter.IsEmpty)
        {
            return change;
        }

        if (change.Type == ChangeType.Deleted)
        {
            return request.Filter.Matches(change.Object.Object) ? change : null;
        }

        var matchesNow = request.Filter.Matches(change.Object.Object);
        var matchedBefore = false;
        if (change.PreviousRevision is { } previousRevision)
        {
            var previous = _feed.FindVersion(previousRevision)
                ?? await ChangeLogReader.ReadVersionAsync(_dataSource, previousRevision, cancellationToken);
            matchedBefore = previous is not null && request.Filter.Matches(previous.Object);
        }

        return (matchedBefore, matchesNow) switch
        {
            (true, true) => change,
            (false, true) => change with { Type = ChangeType.Added },
            (true, false) => change with { Type = ChangeType.Deleted },
            _ => null,
        };
    }

    private async Task ThrowIfCompactedAsync(long revision, CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand("SELECT compacted FROM store_revision WHERE id = 1");
        var compacted = (long)(await command.ExecuteScalarAsync(cancellationToken))!;
        if (revision < compacted)
        {
            throw new ResourceExpiredException($"too old resource version: {revision} ({compacted})");
        }
    }
}
