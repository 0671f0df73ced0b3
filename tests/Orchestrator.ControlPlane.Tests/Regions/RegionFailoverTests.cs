using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orchestrator.Cluster;
using Orchestrator.Contracts.Regions;
using Orchestrator.ControlPlane.Tests.Hosting;
using Orchestrator.Testing;

namespace Orchestrator.ControlPlane.Tests.Regions;

/// <summary>Two control-plane processes on one database form one cluster and survive the loss of either.</summary>
[TestClass]
[TestCategory("Integration")]
public sealed class RegionFailoverTests
{
    private const string Region = "failover-test";
    private static readonly TimeSpan FailoverTimeout = TimeSpan.FromSeconds(90);

    [TestMethod]
    public async Task TwoSilos_OnOneDatabase_FormOneCluster()
    {
        await using var cluster = await TwoSiloRegion.StartAsync();
        var management = cluster.Grains.GetGrain<IManagementGrain>(0);

        var hosts = await management.GetHosts(onlyActive: true);

        CollectionAssert.AreEquivalent(
            new[] { cluster.First.SiloPort, cluster.Second.SiloPort },
            hosts.Keys.Select(silo => silo.Endpoint.Port).ToArray());
    }

    [TestMethod]
    public async Task RegionGrain_HostingSiloKilled_ReactivatesOnTheOtherSiloWithItsState()
    {
        await using var cluster = await TwoSiloRegion.StartAsync();
        var region = cluster.Grains.GetGrain<IRegionGrain>(Region);
        var management = cluster.Grains.GetGrain<IManagementGrain>(0);
        var before = await region.GetAsync();
        var host = await management.GetActivationAddress(region);
        Assert.IsNotNull(host, "the region grain should be active after both silos recorded their start");
        var (hosting, surviving) = host.Endpoint.Port == cluster.First.SiloPort
            ? (cluster.First, cluster.Second)
            : (cluster.Second, cluster.First);

        hosting.Kill();

        var after = await Eventually.SucceedsAsync(
            "the region grain to answer from the surviving silo", FailoverTimeout, async () =>
            {
                var record = await region.GetAsync();
                var now = await management.GetActivationAddress(region);
                return now?.Endpoint.Port == surviving.SiloPort
                    ? record
                    : throw new InvalidOperationException($"the grain is on {now}, not on the surviving silo yet");
            });
        Assert.AreEqual(2, before.TotalSiloStarts, "both silos record their start");
        Assert.AreEqual(before.TotalSiloStarts, after.TotalSiloStarts);
        Assert.AreEqual(before.CreatedAt, after.CreatedAt);
        CollectionAssert.AreEqual(before.SiloStarts.ToList(), after.SiloStarts.ToList());
        Assert.IsFalse(surviving.HasExited, surviving.Output);
    }

    /// <summary>A test database, two control-plane processes on it, and a client of their cluster.</summary>
    private sealed record TwoSiloRegion(
        TestDatabase Database, ControlPlaneProcess First, ControlPlaneProcess Second, IHost Client) : IAsyncDisposable
    {
        public IGrainFactory Grains => Client.Services.GetRequiredService<IGrainFactory>();

        public static async Task<TwoSiloRegion> StartAsync()
        {
            var database = await TestDatabase.CreateAsync();
            var first = await ControlPlaneProcess.StartAsync(Region, database.ConnectionString);
            var second = await ControlPlaneProcess.StartAsync(Region, database.ConnectionString);
            var builder = Host.CreateApplicationBuilder();
            builder.Logging.SetMinimumLevel(LogLevel.Warning);
            builder.UseOrleansClient(client => client.UseRegionCluster(
                new RegionClusterOptions { Region = Region, ConnectionString = database.ConnectionString }));
            var host = builder.Build();
            await host.StartAsync();
            return new TwoSiloRegion(database, first, second, host);
        }

        public async ValueTask DisposeAsync()
        {
            Client.Dispose();
            await First.DisposeAsync();
            await Second.DisposeAsync();
            await Database.DisposeAsync();
        }
    }
}
