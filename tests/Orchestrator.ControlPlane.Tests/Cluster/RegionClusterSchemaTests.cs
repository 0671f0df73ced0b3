using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using Orchestrator.Cluster;
using Orchestrator.Testing;

namespace Orchestrator.ControlPlane.Tests.Cluster;

/// <summary>
/// Runs Orleans' own ADO.NET providers against the region's migrated schema: membership, grain state and reminders
/// work through the statements the migrations install.
/// </summary>
[TestClass]
[TestCategory("Integration")]
public sealed class RegionClusterSchemaTests
{
    private static TestDatabase s_database = null!;
    private static IHost s_silo = null!;

    [ClassInitialize]
    public static async Task StartSiloAsync(TestContext context)
    {
        s_database = await TestDatabase.CreateAsync();
        var options = new RegionClusterOptions
        {
            Region = "schema-test",
            ConnectionString = s_database.ConnectionString,
            SiloPort = FreePorts.Next(),
            GatewayPort = FreePorts.Next(),
        };

        var builder = Host.CreateApplicationBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.UseOrleans(silo => silo.UseRegionCluster(options));
        s_silo = builder.Build();
        await s_silo.StartAsync(context.CancellationToken);
    }

    [ClassCleanup]
    public static async Task StopSiloAsync()
    {
        await s_silo.StopAsync();
        s_silo.Dispose();
        await s_database.DisposeAsync();
    }

    private static IGrainFactory Grains => s_silo.Services.GetRequiredService<IGrainFactory>();

    [TestMethod]
    public async Task Membership_StartedSilo_IsActiveInTheRegionTable()
    {
        var rows = await QueryAsync<string>(
            "SELECT deployment_id || ':' || status FROM orleans_membership WHERE status = 3");

        CollectionAssert.AreEqual(new[] { "schema-test:3" }, rows);
    }

    [TestMethod]
    public async Task GrainState_WrittenThenReactivated_IsReadBackFromTheDatabase()
    {
        var grain = Grains.GetGrain<IProbeGrain>("state-" + Guid.NewGuid());

        await grain.WriteAsync("first");
        await grain.WriteAsync("second");
        await grain.DeactivateAsync();

        Assert.AreEqual("second", await grain.ReadAsync());
        var stored = await QueryAsync<int>("SELECT version FROM orleans_grain_state WHERE grain_type LIKE '%probe%'");
        Assert.IsTrue(stored.Contains(2), $"expected a stored version 2, found [{string.Join(", ", stored)}]");
    }

    [TestMethod]
    public async Task GrainState_Cleared_ReadsAsEmptyAfterReactivation()
    {
        var grain = Grains.GetGrain<IProbeGrain>("clear-" + Guid.NewGuid());
        await grain.WriteAsync("value");

        await grain.ClearAsync();
        await grain.DeactivateAsync();

        Assert.IsNull(await grain.ReadAsync());
    }

    [TestMethod]
    public async Task GrainState_StoredRow_IsPlainJson()
    {
        var key = "json-" + Guid.NewGuid();
        await Grains.GetGrain<IProbeGrain>(key).WriteAsync("readable");

        var payloads = await QueryAsync<string>(
            "SELECT convert_from(payload, 'UTF8') FROM orleans_grain_state WHERE grain_id_extension = @key", key);

        CollectionAssert.AreEqual(new[] { """{"value":"readable"}""" }, payloads);
    }

    [TestMethod]
    public async Task Reminders_RegisteredAndUnregistered_AreKeptInTheRegionTable()
    {
        var grain = Grains.GetGrain<IProbeGrain>("reminders-" + Guid.NewGuid());

        await grain.RegisterReminderAsync("b");
        await grain.RegisterReminderAsync("a");
        await grain.RegisterReminderAsync("a");
        CollectionAssert.AreEqual(new[] { "a", "b" }, await grain.ListRemindersAsync());

        await grain.UnregisterReminderAsync("a");
        CollectionAssert.AreEqual(new[] { "b" }, await grain.ListRemindersAsync());
    }

    private static async Task<List<T>> QueryAsync<T>(string sql, string? key = null)
    {
        await using var command = s_database.DataSource.CreateCommand(sql);
        if (key is not null)
        {
            command.Parameters.Add(new NpgsqlParameter("key", key));
        }

        var values = new List<T>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            values.Add(reader.GetFieldValue<T>(0));
        }

        return values;
    }
}
