using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;
using Orchestrator.Api.Server;
using Orchestrator.Api.Watching;

namespace Orchestrator.Api.Tests.Watching;

[TestClass]
[TestCategory("Unit")]
public sealed class WatchPlanTests
{
    [TestMethod]
    [DataRow("", 0L, true, false)]
    [DataRow("resourceVersion=0", 0L, true, false)]
    [DataRow("resourceVersion=42", 42L, false, false)]
    [DataRow("sendInitialEvents=true&resourceVersionMatch=NotOlderThan&allowWatchBookmarks=true", 0L, true, true)]
    [DataRow("sendInitialEvents=false&resourceVersionMatch=NotOlderThan&resourceVersion=7", 7L, false, false)]
    public void Parse_ValidParameters_PlansTheStart(string query, long from, bool initial, bool endBookmark)
    {
        var plan = WatchPlan.Parse(Options(query));

        Assert.AreEqual(from, plan.FromRevision);
        Assert.AreEqual(initial, plan.SendsInitialEvents);
        Assert.AreEqual(endBookmark, plan.EndsInitialEventsWithBookmark);
    }

    [TestMethod]
    [DataRow("sendInitialEvents=true", 422)]
    [DataRow("sendInitialEvents=true&resourceVersionMatch=NotOlderThan", 422)]
    [DataRow("resourceVersionMatch=NotOlderThan", 422)]
    [DataRow("resourceVersion=abc", 400)]
    [DataRow("allowWatchBookmarks=maybe", 400)]
    public void Parse_InvalidParameters_IsRefusedNeverIgnored(string query, int code)
    {
        var error = Assert.ThrowsExactly<ApiException>(() => WatchPlan.Parse(Options(query)));

        Assert.AreEqual(code, error.Code);
    }

    [TestMethod]
    public void Parse_TimeoutSeconds_BoundsTheWatch()
    {
        Assert.AreEqual(TimeSpan.FromSeconds(3), WatchPlan.Parse(Options("timeoutSeconds=3")).Timeout);
    }

    private static QueryOptions Options(string query) =>
        new(new QueryCollection(QueryHelpers(query)));

    private static Dictionary<string, StringValues> QueryHelpers(string query) =>
        Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(query);
}
