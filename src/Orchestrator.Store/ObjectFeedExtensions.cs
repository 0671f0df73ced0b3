using Orchestrator.Store.Objects;

namespace Orchestrator.Store;

/// <summary>The list-then-watch loop every level-driven controller starts with.</summary>
public static class ObjectFeedExtensions
{
    private const int PageSize = 1000;

    /// <summary>
    /// Lists every object of <paramref name="resources"/> at one revision, handing each to
    /// <paramref name="observe"/> as <see cref="ChangeType.Added"/>, then hands it every later change of those
    /// resources, in order, until cancelled. Throws what the store throws (a compacted revision, a lost
    /// connection); the caller starts again, and, being level-driven, loses nothing.
    /// </summary>
    public static async Task FollowAsync(
        this IObjectStore store, IReadOnlyCollection<string> resources, Action<ChangeType, StoredObject> observe,
        CancellationToken cancellationToken)
    {
        var revision = await store.GetRevisionAsync(cancellationToken);
        foreach (var resource in resources)
        {
            await foreach (var item in store.ListAllAsync(resource, revision, cancellationToken))
            {
                observe(ChangeType.Added, item);
            }
        }

        var followed = resources.ToHashSet(StringComparer.Ordinal);
        var request = new WatchRequest(followed.Count == 1 ? followed.First() : null, revision);
        await foreach (var change in store.WatchAsync(request, cancellationToken))
        {
            if (followed.Contains(change.Object.Key.Resource))
            {
                observe(change.Type, change.Object);
            }
        }
    }

    /// <summary>
    /// Every object of one resource at <paramref name="revision"/> (0: the latest), read a page at a time.
    /// </summary>
    public static async IAsyncEnumerable<StoredObject> ListAllAsync(
        this IObjectStore store, string resource, long revision,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var request = new ListRequest(resource)
        {
            Limit = PageSize,
            Revision = revision,
            Match = revision == 0 ? RevisionMatch.Latest : RevisionMatch.Exact,
        };
        while (true)
        {
            var page = await store.ListAsync(request, cancellationToken);
            foreach (var item in page.Items)
            {
                yield return item;
            }

            if (page.Continue is null)
            {
                yield break;
            }

            request = request with { Continue = page.Continue, Revision = 0, Match = RevisionMatch.Latest };
        }
    }
}
