using Orchestrator.Store.Errors;
using Orchestrator.Store.Objects;
using Orchestrator.Store.Selection;

namespace Orchestrator.Store.Tests.Postgres;

[TestClass]
[TestCategory("Integration")]
public sealed class PostgresObjectStoreListTests
{
    private const string Resource = "core/configmaps";

    [TestMethod]
    [DataRow(1)]
    [DataRow(7)]
    public async Task ListAsync_PagesWhileOthersChurn_ReturnOneSnapshot(int chunk)
    {
        await using var fixture = await StoreFixture.CreateAsync();
        var labels = new Dictionary<string, string> { ["set"] = "listed" };
        for (var i = 0; i < 25; i++)
        {
            await fixture.Store.CreateAsync(
                StoreFixture.Key($"item-{i:D2}"), StoreFixture.ConfigMap($"item-{i:D2}", labels), default);
        }

        var request = new ListRequest(Resource) { Namespace = "default", Limit = chunk };
        var first = await fixture.Store.ListAsync(request, default);
        using var churning = new CancellationTokenSource();
        var churn = Task.Run(() => ChurnAsync(fixture, labels, churning.Token));
        var snapshot = first.Revision;
        var seen = first.Items.Select(i => i.Key.Name).ToList();
        var next = first.Continue;
        var pages = 1;
        while (next is not null)
        {
            await Task.Delay(10);
            var page = await fixture.Store.ListAsync(request with { Continue = next }, default);
            Assert.AreEqual(snapshot, page.Revision, $"page {pages + 1} reports another revision");
            Assert.IsTrue(page.Items.All(i => i.Revision <= snapshot), "an item is newer than the snapshot");
            seen.AddRange(page.Items.Select(i => i.Key.Name));
            next = page.Continue;
            pages++;
        }

        churning.Cancel();
        var created = await churn;

        var expected = Enumerable.Range(0, 25).Select(i => $"item-{i:D2}").ToList();
        CollectionAssert.AreEqual(expected, seen, "each object exactly once, in key order: " + string.Join(' ', seen));
        Assert.IsTrue(created > 0, "the churn created objects while the pages were read");
        Assert.AreEqual((int)Math.Ceiling(25.0 / chunk), pages);
    }

    [TestMethod]
    public async Task ListAsync_LabelFilterAcrossNamespaces_ReturnsExactlyTheMatchesWithContinueOnShortPages()
    {
        await using var fixture = await StoreFixture.CreateAsync();
        var store = fixture.OpenStore(new StoreOptions { ListScanBudget = 10 });
        var expected = new List<string>();
        for (var i = 0; i < 60; i++)
        {
            var ns = $"ns-{i % 3}";
            var app = i % 9 == 0 ? "web" : i % 9 == 4 ? "api" : "batch";
            var labels = new Dictionary<string, string> { ["app"] = app };
            if (i % 2 == 0)
            {
                labels["tier"] = "front";
            }

            await store.CreateAsync(
                StoreFixture.Key($"cm-{i:D2}", ns), StoreFixture.ConfigMap($"cm-{i:D2}", labels), default);
            if (app != "batch" && i % 2 == 0)
            {
                expected.Add($"{ns}/cm-{i:D2}");
            }
        }

        var filter = ObjectFilter.Parse("app in (web,api),tier", null);
        var request = new ListRequest(Resource) { Filter = filter, Limit = 2 };
        var seen = new List<string>();
        var shortPagesWithContinue = 0;
        string? next = null;
        do
        {
            var page = await store.ListAsync(request with { Continue = next }, default);
            seen.AddRange(page.Items.Select(i => $"{i.Key.Namespace}/{i.Key.Name}"));
            next = page.Continue;
            if (page.Items.Count < 2 && next is not null)
            {
                shortPagesWithContinue++;
            }
        }
        while (next is not null);

        expected.Sort(StringComparer.Ordinal);
        CollectionAssert.AreEqual(expected, seen);
        Assert.IsTrue(shortPagesWithContinue > 0, "a short or empty page must still carry continue");
    }

    [TestMethod]
    public async Task ListAsync_AfterAWriteAtRevisionN_EveryListAtOrAfterNShowsIt()
    {
        await using var fixture = await StoreFixture.CreateAsync();
        var other = fixture.OpenStore();
        for (var i = 0; i < 30; i++)
        {
            var written = await fixture.Store.CreateAsync(
                StoreFixture.Key($"w-{i}"), StoreFixture.ConfigMap($"w-{i}"), default);
            var n = written.Revision;

            foreach (var request in new[]
            {
                new ListRequest(Resource),
                new ListRequest(Resource) { Revision = n, Match = RevisionMatch.NotOlderThan },
                new ListRequest(Resource) { Revision = n, Match = RevisionMatch.Exact },
            })
            {
                var list = await other.ListAsync(request, default);
                Assert.IsTrue(list.Revision >= n);
                Assert.IsTrue(list.Items.Any(o => o.Key.Name == $"w-{i}"), $"w-{i} missing from a list at {request}");
            }
        }
    }

    [TestMethod]
    public async Task ListAsync_ExactOlderRevision_ShowsThePastState()
    {
        await using var fixture = await StoreFixture.CreateAsync();
        var a = await fixture.Store.CreateAsync(
            StoreFixture.Key("a"), StoreFixture.ConfigMap("a", value: "1"), default);
        var b = await fixture.Store.CreateAsync(StoreFixture.Key("b"), StoreFixture.ConfigMap("b"), default);
        var then = b.Revision;
        var changed = a.ToJsonObject();
        changed["data"]!["value"] = "2";
        await fixture.Store.UpdateAsync(a, changed, default);
        await fixture.Store.DeleteAsync(StoreFixture.Key("b"), null, default);
        await fixture.Store.CreateAsync(StoreFixture.Key("c"), StoreFixture.ConfigMap("c"), default);

        var past = await fixture.Store.ListAsync(
            new ListRequest(Resource) { Revision = then, Match = RevisionMatch.Exact }, default);

        CollectionAssert.AreEqual(new[] { "a", "b" }, past.Items.Select(i => i.Key.Name).ToArray());
        Assert.AreEqual("1", past.Items[0].Object["data"]!["value"]!.GetValue<string>());
        Assert.AreEqual(then, past.Revision);
    }

    [TestMethod]
    public async Task ListAsync_ContinueTokenPastTheHorizon_IsExpiredWithAFreshToken()
    {
        await using var fixture = await StoreFixture.CreateAsync();
        for (var i = 0; i < 5; i++)
        {
            await fixture.Store.CreateAsync(StoreFixture.Key($"e-{i}"), StoreFixture.ConfigMap($"e-{i}"), default);
        }

        var first = await fixture.Store.ListAsync(new ListRequest(Resource) { Limit = 2 }, default);
        await fixture.Store.CreateAsync(StoreFixture.Key("later"), StoreFixture.ConfigMap("later"), default);
        await fixture.Store.CompactAsync(await fixture.Store.GetRevisionAsync(default), default);

        var expired = await Assert.ThrowsExactlyAsync<ResourceExpiredException>(() => fixture.Store.ListAsync(
            new ListRequest(Resource) { Limit = 2, Continue = first.Continue }, default));
        Assert.IsNotNull(expired.FreshContinue);

        var rest = await fixture.Store.ListAsync(
            new ListRequest(Resource) { Continue = expired.FreshContinue }, default);
        CollectionAssert.AreEqual(
            new[] { "e-2", "e-3", "e-4", "later" }, rest.Items.Select(i => i.Key.Name).ToArray());
    }

    [TestMethod]
    [DataRow("app in (web")]
    [DataRow("app notin ()")]
    [DataRow("app ~ web")]
    [DataRow("-bad=x")]
    public void ListAsync_MalformedSelector_IsInvalidRequest(string selector)
    {
        var error = Assert.ThrowsExactly<InvalidRequestException>(() => ObjectFilter.Parse(selector, null));
        StringAssert.Contains(error.Message, selector);
    }

    [TestMethod]
    public async Task ListAsync_MalformedContinueToken_IsInvalidRequest()
    {
        await using var fixture = await StoreFixture.CreateAsync();
        await Assert.ThrowsExactlyAsync<InvalidRequestException>(() => fixture.Store.ListAsync(
            new ListRequest(Resource) { Continue = "not-a-token" }, default));
    }

    private static async Task<int> ChurnAsync(
        StoreFixture fixture, Dictionary<string, string> labels, CancellationToken cancellationToken)
    {
        var created = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            // New objects sort between and after the listed ones; updates and deletes touch listed ones.
            var name = $"item-{created % 25:D2}-new-{created}";
            await fixture.Store.CreateAsync(StoreFixture.Key(name), StoreFixture.ConfigMap(name, labels), default);
            var victim = await fixture.Store.GetAsync(StoreFixture.Key($"item-{created % 25:D2}"), default);
            if (victim is not null)
            {
                var changed = victim.ToJsonObject();
                changed["data"]!["value"] = $"changed-{created}";
                await fixture.Store.UpdateAsync(victim, changed, default);
            }

            created++;
            await Task.Delay(2, CancellationToken.None);
        }

        return created;
    }
}
