using Microsoft.AspNetCore.Http;
using Orchestrator.Api.Resources;
using Orchestrator.Api.Server;
using Orchestrator.Api.Watching;
using Orchestrator.Store.Errors;
using Orchestrator.Store.Objects;
using Orchestrator.Store.Selection;

namespace Orchestrator.Api.Handlers;

public sealed partial class ResourceHandler
{
    private async Task WatchAsync(HttpContext context, ResourcePath path, QueryOptions query)
    {
        var filter = ParseFilter(path, query);
        if (path.Name is not null)
        {
            // The old form of watching one object: a watch of the collection selected by name.
            var byName = FieldSelector.Parse($"metadata.name={path.Name}" +
                (query.Get("fieldSelector") is { Length: > 0 } more ? "," + more : ""));
            filter = filter with { Fields = byName };
        }

        var plan = WatchPlan.Parse(query);
        var stream = new WatchStream(
            context, path.Resource, FormOf(context), plan.AllowBookmarks, _time);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
        timeout.CancelAfter(plan.Timeout);

        // A revision the store never reached is refused before the stream starts, so the client sees the Status.
        if (plan.FromRevision > 0 && plan.FromRevision > await _store.GetRevisionAsync(timeout.Token))
        {
            throw new TooLargeResourceVersionException(plan.FromRevision, await _store.GetRevisionAsync(timeout.Token));
        }

        await stream.StartAsync();
        try
        {
            await RunWatchAsync(path, filter, plan, stream, timeout.Token);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            // The watch's time is up, or the client left: end the stream cleanly.
        }
        catch (ResourceExpiredException expired)
        {
            await stream.WriteErrorAsync(ApiErrors.Expired(expired.Message).ToStatus(), CancellationToken.None);
        }
        catch (IOException)
        {
            // The client left while an event was being written.
        }
    }

    private async Task RunWatchAsync(
        ResourcePath path, ObjectFilter filter, WatchPlan plan, WatchStream stream, CancellationToken cancellationToken)
    {
        var storageNamespace = path.Resource.IsNamespaced ? path.Namespace : null;
        var from = plan.FromRevision == WatchPlan.FromNow
            ? await _store.GetRevisionAsync(cancellationToken)
            : plan.FromRevision;
        if (plan.SendsInitialEvents)
        {
            from = await SendInitialEventsAsync(path, filter, plan, stream, cancellationToken);
        }

        var request = new WatchRequest(path.Resource.StorageKey, from)
        {
            Namespace = storageNamespace,
            Filter = filter,
            OnCaughtUp = stream.NoteCaughtUp,
        };
        await using var bookmarks = stream.StartBookmarks(cancellationToken);
        await foreach (var change in _store.WatchAsync(request, cancellationToken))
        {
            var type = change.Type switch
            {
                ChangeType.Added => "ADDED",
                ChangeType.Modified => "MODIFIED",
                _ => "DELETED",
            };
            await stream.WriteAsync(
                type, ObjectConversion.ToServed(path.Resource, change.Object.ToJsonObject()), cancellationToken);
        }
    }

    // The current objects as ADDED events, page by page from one snapshot; returns the snapshot's revision.
    private async Task<long> SendInitialEventsAsync(
        ResourcePath path, ObjectFilter filter, WatchPlan plan, WatchStream stream, CancellationToken cancellationToken)
    {
        var request = new ListRequest(path.Resource.StorageKey)
        {
            Namespace = path.Resource.IsNamespaced ? path.Namespace : null,
            Filter = filter,
            Limit = 500,
            Revision = plan.FromRevision,
            Match = plan.FromRevision > 0 ? RevisionMatch.NotOlderThan : RevisionMatch.Latest,
        };
        long revision;
        while (true)
        {
            var page = await _store.ListAsync(request, cancellationToken);
            foreach (var item in page.Items)
            {
                await stream.WriteAsync(
                    "ADDED", ObjectConversion.ToServed(path.Resource, item.ToJsonObject()), cancellationToken);
            }

            revision = page.Revision;
            if (page.Continue is null)
            {
                break;
            }

            request = request with { Continue = page.Continue, Revision = 0, Match = RevisionMatch.Latest };
        }

        if (plan.EndsInitialEventsWithBookmark)
        {
            await stream.WriteBookmarkAsync(revision, initialEventsEnd: true, cancellationToken);
        }

        return revision;
    }
}
