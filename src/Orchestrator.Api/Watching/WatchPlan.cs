using Orchestrator.Api.Server;

namespace Orchestrator.Api.Watching;

/// <summary>
/// What a watch request asks for, from its parameters, with Kubernetes' rules: an unset or "0" resourceVersion
/// starts with the current objects as ADDED events; <c>sendInitialEvents=true</c> (with
/// <c>resourceVersionMatch=NotOlderThan</c> and bookmarks) does too and ends them with a bookmark;
/// <c>sendInitialEvents=false</c> without a revision starts from now.
/// </summary>
public sealed record WatchPlan(
    long FromRevision, bool SendsInitialEvents, bool EndsInitialEventsWithBookmark, bool AllowBookmarks,
    TimeSpan Timeout)
{
    /// <summary>A <see cref="FromRevision"/> that means "from the current revision".</summary>
    public const long FromNow = -1;

    public static WatchPlan Parse(QueryOptions query)
    {
        var revisionText = query.Get("resourceVersion");
        var match = query.Get("resourceVersionMatch");
        var sendInitialEvents = query.GetOptionalBool("sendInitialEvents");
        var allowBookmarks = query.GetBool("allowWatchBookmarks");
        var timeout = ChooseTimeout(query.GetLong("timeoutSeconds"));
        long revision = 0;
        if (!string.IsNullOrEmpty(revisionText) &&
            (!long.TryParse(revisionText, out revision) || revision < 0))
        {
            throw ApiErrors.BadRequest($"invalid resource version \"{revisionText}\"");
        }

        if (sendInitialEvents is null)
        {
            if (!string.IsNullOrEmpty(match))
            {
                throw ApiErrors.Invalid("ListOptions", "meta.k8s.io", "", [new StatusCause(
                    "FieldValueForbidden",
                    "Forbidden: resourceVersionMatch is forbidden for watch unless sendInitialEvents is provided",
                    "resourceVersionMatch")]);
            }

            return revision == 0
                ? new WatchPlan(0, true, false, allowBookmarks, timeout)
                : new WatchPlan(revision, false, false, allowBookmarks, timeout);
        }

        if (match != "NotOlderThan")
        {
            throw ApiErrors.Invalid("ListOptions", "meta.k8s.io", "", [new StatusCause(
                "FieldValueForbidden",
                "Forbidden: sendInitialEvents requires setting resourceVersionMatch to NotOlderThan",
                "resourceVersionMatch")]);
        }

        if (sendInitialEvents == true)
        {
            if (!allowBookmarks)
            {
                throw ApiErrors.Invalid("ListOptions", "meta.k8s.io", "", [new StatusCause(
                    "FieldValueForbidden",
                    "Forbidden: sendInitialEvents requires setting allowWatchBookmarks to true",
                    "allowWatchBookmarks")]);
            }

            return new WatchPlan(revision, true, true, allowBookmarks, timeout);
        }

        return new WatchPlan(revision == 0 ? FromNow : revision, false, false, allowBookmarks, timeout);
    }

    // Without a timeout, a watch lasts 30 to 60 minutes, as kube-apiserver spreads them.
    private static TimeSpan ChooseTimeout(long? seconds) => seconds is > 0
        ? TimeSpan.FromSeconds(Math.Min(seconds.Value, 24 * 3600))
        : TimeSpan.FromSeconds(1800 + Random.Shared.Next(1800));
}
