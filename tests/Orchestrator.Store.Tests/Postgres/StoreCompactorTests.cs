using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Orchestrator.Store.Errors;
using Orchestrator.Store.Objects;
using Orchestrator.Store.Postgres;

namespace Orchestrator.Store.Tests.Postgres;

[TestClass]
[TestCategory("Integration")]
public sealed class StoreCompactorTests
{
    private static readonly TimeSpan Retention = TimeSpan.FromMinutes(5);

    [TestMethod]
    public async Task RunOnceAsync_AfterTheRetention_CompactsUpToTheRevisionNotedThen()
    {
        await using var fixture = await StoreFixture.CreateAsync();
        var store = fixture.Store;
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-01-01T00:00:00Z"));
        var options = new StoreOptions { HistoryRetention = Retention };
        var compactor = new StoreCompactor(store, options, time, NullLogger<StoreCompactor>.Instance);
        var created = await store.CreateAsync(StoreFixture.Key("a"), StoreFixture.ConfigMap("a"), default);
        var noted = await UpdateAsync(store);

        await compactor.RunOnceAsync(default);
        await UpdateAsync(store);
        time.Advance(Retention - TimeSpan.FromSeconds(1));
        await compactor.RunOnceAsync(default);
        await WatchOnceAsync(store, created.Revision);

        time.Advance(TimeSpan.FromSeconds(1));
        await compactor.RunOnceAsync(default);
        await Assert.ThrowsExactlyAsync<ResourceExpiredException>(() => WatchOnceAsync(store, created.Revision));
        await WatchOnceAsync(store, noted);
    }

    private static async Task<long> UpdateAsync(PostgresObjectStore store)
    {
        var updated = await store.GuaranteedUpdateAsync(StoreFixture.Key("a"), current =>
        {
            var next = current.ToJsonObject();
            next["data"]!["value"] = Guid.NewGuid().ToString();
            return next;
        }, default);
        return updated.Revision;
    }

    // Opens a watch and takes its first change: it fails with Expired when the revision is compacted.
    private static async Task WatchOnceAsync(PostgresObjectStore store, long from)
    {
        await foreach (var _ in store.WatchAsync(new WatchRequest(StoreFixture.Key("a").Resource, from), default))
        {
            return;
        }
    }
}
