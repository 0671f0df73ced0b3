using Npgsql;
using Orchestrator.Store.Errors;
using Orchestrator.Store.Objects;
using Orchestrator.Store.Selection;

namespace Orchestrator.Store.Tests.Postgres;

[TestClass]
[TestCategory("Integration")]
public sealed class PostgresObjectStoreWatchTests
{
    private const string Resource = "core/configmaps";
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    [TestMethod]
    public async Task WatchAsync_EightConcurrentWriters_EachWatchSeesEveryLaterChangeOnceInOrder()
    {
        await using var fixture = await StoreFixture.CreateAsync();
        var writerStores = new[] { fixture.Store, fixture.OpenStore() };
        var objects = new List<StoredObject>();
        for (var i = 0; i < 50; i++)
        {
            objects.Add(await fixture.Store.CreateAsync(
                StoreFixture.Key($"o-{i}"), StoreFixture.ConfigMap($"o-{i}"), default));
        }

        var watches = new List<WatchRecorder>
        {
            new(fixture.OpenStore(), new WatchRequest(Resource, objects[0].Revision)),
        };
        var writers = Enumerable.Range(0, 8).Select(w => Task.Run(async () =>
        {
            var random = new Random(w);
            for (var n = 0; n < 250; n++)
            {
                var store = writerStores[n % 2];
                var key = StoreFixture.Key($"o-{random.Next(50)}");
                await store.GuaranteedUpdateAsync(key, current =>
                {
                    var next = current.ToJsonObject();
                    next["data"]!["value"] = $"w{w}-{n}";
                    return next;
                }, default);
                if (w == 0 && n is 80 or 160)
                {
                    var watcher = n == 80 ? fixture.OpenStore() : fixture.Store;
                    var from = await store.GetRevisionAsync(default);
                    watches.Add(new WatchRecorder(watcher, new WatchRequest(Resource, from)));
                }
            }
        })).ToList();
        await Task.WhenAll(writers);

        var end = await fixture.Store.GetRevisionAsync(default);
        foreach (var watch in watches)
        {
            await watch.WaitForRevisionAsync(end, Deadline);
            var expected = await ReadLogAsync(fixture, watch.Request.FromRevision);
            var seen = watch.Snapshot().Select(c => c.Revision).ToList();
            CollectionAssert.AreEqual(expected, seen, $"watch from {watch.Request.FromRevision}");
            await watch.DisposeAsync();
        }

        Assert.HasCount(3, watches);
        Assert.IsTrue(await CountLogAsync(fixture) >= 2050);
    }

    [TestMethod]
    public async Task WatchAsync_FromACompactedRevision_IsExpired()
    {
        await using var fixture = await StoreFixture.CreateAsync();
        var first = await fixture.Store.CreateAsync(StoreFixture.Key("a"), StoreFixture.ConfigMap("a"), default);
        for (var i = 0; i < 5; i++)
        {
            await fixture.Store.GuaranteedUpdateAsync(StoreFixture.Key("a"), c => c.ToJsonObject(), default);
        }

        await fixture.Store.CompactAsync(await fixture.Store.GetRevisionAsync(default), default);

        await Assert.ThrowsExactlyAsync<ResourceExpiredException>(async () =>
        {
            await foreach (var _ in fixture.Store.WatchAsync(new WatchRequest(Resource, first.Revision), default))
            {
            }
        });
    }

    [TestMethod]
    public async Task WatchAsync_CaughtUpAndIdle_ReportsTheRevisionItReached()
    {
        await using var fixture = await StoreFixture.CreateAsync();
        var first = await fixture.Store.CreateAsync(StoreFixture.Key("a"), StoreFixture.ConfigMap("a"), default);
        var last = await fixture.Store.CreateAsync(StoreFixture.Key("b"), StoreFixture.ConfigMap("b"), default);
        var caughtUp = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var stop = new CancellationTokenSource(Deadline);
        var request = new WatchRequest(Resource, first.Revision)
        {
            OnCaughtUp = revision =>
            {
                if (revision >= last.Revision)
                {
                    caughtUp.TrySetResult(revision);
                }
            },
        };

        var seen = new List<long>();
        var watching = Task.Run(async () =>
        {
            await foreach (var change in fixture.Store.WatchAsync(request, stop.Token))
            {
                seen.Add(change.Revision);
            }
        });
        var reached = await caughtUp.Task.WaitAsync(Deadline);
        await stop.CancelAsync();
        await Assert.ThrowsAsync<OperationCanceledException>(() => watching);

        Assert.AreEqual(last.Revision, reached);
        CollectionAssert.AreEqual(new[] { last.Revision }, seen);
    }

    [TestMethod]
    public async Task WatchAsync_AfterAProcessRestart_ResumesFromTheChangeLogWithNothingLost()
    {
        await using var fixture = await StoreFixture.CreateAsync();
        var before = fixture.OpenStore();
        var start = await before.GetRevisionAsync(default);
        var watch = new WatchRecorder(before, new WatchRequest(Resource, start));
        for (var i = 0; i < 20; i++)
        {
            await fixture.Store.CreateAsync(StoreFixture.Key($"r-{i}"), StoreFixture.ConfigMap($"r-{i}"), default);
        }

        var middle = await fixture.Store.GetRevisionAsync(default);
        await watch.WaitForRevisionAsync(middle, Deadline);
        var delivered = watch.Snapshot();
        await watch.DisposeAsync();
        await before.DisposeAsync();
        var resumeFrom = delivered[^1].Revision;

        // While no watcher runs, more changes land; a store opened afresh (an empty memory) resumes the watch.
        for (var i = 0; i < 20; i++)
        {
            await fixture.Store.GuaranteedUpdateAsync(StoreFixture.Key($"r-{i}"), c => c.ToJsonObject(), default);
        }

        var restarted = fixture.OpenStore(new StoreOptions { WatchCacheCapacity = 4 });
        var resumed = new WatchRecorder(restarted, new WatchRequest(Resource, resumeFrom));
        await fixture.Store.DeleteAsync(StoreFixture.Key("r-0"), null, default);
        var end = await fixture.Store.GetRevisionAsync(default);
        await resumed.WaitForRevisionAsync(end, Deadline);

        var all = delivered.Concat(resumed.Snapshot()).Select(c => c.Revision).ToList();
        CollectionAssert.AreEqual(await ReadLogAsync(fixture, start), all);
        Assert.AreEqual(ChangeType.Deleted, resumed.Snapshot()[^1].Type);
        await resumed.DisposeAsync();
    }

    [TestMethod]
    public async Task WatchAsync_WithSelector_ObjectsEnteringAndLeavingAreAddedAndDeleted()
    {
        await using var fixture = await StoreFixture.CreateAsync();
        var start = await fixture.Store.GetRevisionAsync(default);
        var request = new WatchRequest(Resource, start) { Filter = ObjectFilter.Parse("app=web", null) };
        await using var watch = new WatchRecorder(fixture.OpenStore(), request);
        var web = new Dictionary<string, string> { ["app"] = "web" };

        var a = await fixture.Store.CreateAsync(StoreFixture.Key("a"), StoreFixture.ConfigMap("a"), default);
        var labelled = a.ToJsonObject();
        labelled["metadata"]!["labels"] = new System.Text.Json.Nodes.JsonObject { ["app"] = "web" };
        var b = await fixture.Store.UpdateAsync(a, labelled, default);
        var c = await fixture.Store.UpdateAsync(b, b.ToJsonObject(), default);
        var unlabelled = c.ToJsonObject();
        unlabelled["metadata"]!.AsObject().Remove("labels");
        var d = await fixture.Store.UpdateAsync(c, unlabelled, default);
        await fixture.Store.CreateAsync(StoreFixture.Key("other"), StoreFixture.ConfigMap("other", web), default);
        await fixture.Store.CreateAsync(StoreFixture.Key("quiet"), StoreFixture.ConfigMap("quiet"), default);
        var end = await fixture.Store.DeleteAsync(StoreFixture.Key("other"), null, default);

        await watch.WaitForRevisionAsync(end.Revision, Deadline);
        var seen = watch.Snapshot().Select(x => (x.Type, x.Object.Key.Name, x.Revision)).ToList();
        CollectionAssert.AreEqual(
            new[]
            {
                (ChangeType.Added, "a", b.Revision),
                (ChangeType.Modified, "a", c.Revision),
                (ChangeType.Deleted, "a", d.Revision),
                (ChangeType.Added, "other", end.Revision - 2),
                (ChangeType.Deleted, "other", end.Revision),
            },
            seen);
    }

    private static async Task<List<long>> ReadLogAsync(StoreFixture fixture, long after)
    {
        await using var command = fixture.Database.DataSource.CreateCommand(
            "SELECT revision FROM changes WHERE resource = $1 AND revision > $2 ORDER BY revision");
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = Resource });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = after });
        var revisions = new List<long>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            revisions.Add(reader.GetInt64(0));
        }

        return revisions;
    }

    private static async Task<long> CountLogAsync(StoreFixture fixture)
    {
        await using var command = fixture.Database.DataSource.CreateCommand("SELECT count(*) FROM changes");
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
