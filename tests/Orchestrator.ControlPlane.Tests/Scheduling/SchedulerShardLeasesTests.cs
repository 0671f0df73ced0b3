using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Orchestrator.ControlPlane.Scheduling;
using Orchestrator.Store;
using Orchestrator.Store.Objects;
using Orchestrator.Testing;

namespace Orchestrator.ControlPlane.Tests.Scheduling;

/// <summary>
/// Two silos' electors share the scheduler shards through Leases in a real object store (a fresh region database
/// per test); the leases' clock is a fake one the tests move.
/// </summary>
[TestClass]
[TestCategory("Integration")]
public sealed class SchedulerShardLeasesTests
{
    private const int Shards = 4;

    private readonly FakeTimeProvider _clock = new(DateTimeOffset.UtcNow);
    private TestDatabase _database = null!;
    private ServiceProvider _services = null!;

    public TestContext TestContext { get; set; } = null!;

    private IObjectStore Store => _services.GetRequiredService<IObjectStore>();

    [TestInitialize]
    public async Task CreateStoreAsync()
    {
        _database = await TestDatabase.CreateAsync(TestContext.CancellationToken);
        _services = new ServiceCollection()
            .AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning))
            .AddObjectStore(_database.ConnectionString)
            .BuildServiceProvider();
    }

    [TestCleanup]
    public async Task DropStoreAsync()
    {
        await _services.DisposeAsync();
        await _database.DisposeAsync();
    }

    [TestMethod]
    public async Task RenewAsync_HolderStopsRenewing_OtherTakesItsShardsWithinLeaseDuration()
    {
        var a = Elector("silo-a");
        var b = Elector("silo-b");
        CollectionAssert.AreEqual(new[] { 0, 1, 2, 3 }, (await a.RenewAsync(Token)).ToList());
        Assert.AreEqual(0, (await b.RenewAsync(Token)).Count);

        _clock.Advance(TimeSpan.FromSeconds(5));
        Assert.AreEqual(Shards, (await a.RenewAsync(Token)).Count, "the holder renews");
        Assert.AreEqual(0, (await b.RenewAsync(Token)).Count, "a renewed lease is not taken");

        // silo-a stops renewing: past its renew deadline it no longer places, before anyone may take over.
        _clock.Advance(TimeSpan.FromSeconds(10));
        Assert.IsFalse(a.Holds(0));
        Assert.AreEqual(0, (await b.RenewAsync(Token)).Count, "the lease has not expired yet");

        _clock.Advance(TimeSpan.FromSeconds(5));
        CollectionAssert.AreEqual(new[] { 0, 1, 2, 3 }, (await b.RenewAsync(Token)).ToList());
        Assert.AreEqual(0, (await a.RenewAsync(Token)).Count, "the old holder sees it lost its shards");

        var lease = (await Store.GetAsync(LeaseKey(2), Token))!.Object;
        Assert.AreEqual("silo-b", (string?)lease["spec"]!["holderIdentity"]);
        Assert.AreEqual(15, (int?)lease["spec"]!["leaseDurationSeconds"]);
        Assert.AreEqual(1, (int?)lease["spec"]!["leaseTransitions"]);
    }

    [TestMethod]
    public async Task RenewAsync_TwoSilosRacing_EachShardHeldByExactlyOne()
    {
        var a = Elector("silo-a");
        var b = Elector("silo-b");

        for (var round = 0; round < 5; round++)
        {
            var held = await Task.WhenAll(a.RenewAsync(Token), b.RenewAsync(Token));
            CollectionAssert.AreEquivalent(new[] { 0, 1, 2, 3 }, held[0].Concat(held[1]).ToList(), $"round {round}");
            _clock.Advance(TimeSpan.FromSeconds(2));
        }
    }

    [TestMethod]
    public async Task ReleaseAsync_Holder_OtherTakesTheShardsAtOnce()
    {
        var a = Elector("silo-a");
        var b = Elector("silo-b");
        await a.RenewAsync(Token);
        var waiting = b.WaitUntilHeldAsync(3, Token);

        await a.ReleaseAsync(Token);
        var held = await b.RenewAsync(Token);

        Assert.AreEqual(Shards, held.Count);
        Assert.IsFalse(a.Holds(3));
        Assert.IsTrue(await waiting.WaitAsync(TimeSpan.FromSeconds(10), Token), "the waiter had to wait");
        Assert.IsFalse(await b.WaitUntilHeldAsync(3, Token), "held already");
    }

    private CancellationToken Token => TestContext.CancellationToken;

    private SchedulerShardLeases Elector(string identity) =>
        new(Store, identity, new SchedulerOptions { Shards = Shards }, _clock, NullLogger.Instance);

    private static ObjectKey LeaseKey(int shard) =>
        new("coordination.k8s.io/leases", ShardLeaseRecords.Namespace, ShardLeaseRecords.LeaseName(shard));
}
