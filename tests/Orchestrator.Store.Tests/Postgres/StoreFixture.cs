using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using Orchestrator.Store;
using Orchestrator.Store.Objects;
using Orchestrator.Store.Postgres;
using Orchestrator.Testing;

namespace Orchestrator.Store.Tests.Postgres;

/// <summary>A fresh migrated database and a store on it, for one test.</summary>
internal sealed class StoreFixture : IAsyncDisposable
{
    private readonly List<PostgresObjectStore> _stores = [];

    private StoreFixture(TestDatabase database) => Database = database;

    public TestDatabase Database { get; }

    public PostgresObjectStore Store => _stores[0];

    public static async Task<StoreFixture> CreateAsync(StoreOptions? options = null)
    {
        var fixture = new StoreFixture(await TestDatabase.CreateAsync());
        fixture.OpenStore(options);
        return fixture;
    }

    /// <summary>
    /// Another store on the same database with its own connections, writer and change feed, as a second process
    /// (or the same process after a restart) has.
    /// </summary>
    public PostgresObjectStore OpenStore(StoreOptions? options = null)
    {
        var dataSource = Npgsql.NpgsqlDataSource.Create(Database.ConnectionString + ";Maximum Pool Size=30");
        var store = new PostgresObjectStore(
            dataSource, options ?? new StoreOptions(), TimeProvider.System, NullLogger<PostgresObjectStore>.Instance);
        _stores.Add(store);
        return store;
    }

    public static JsonObject ConfigMap(string name, IDictionary<string, string>? labels = null, string value = "v")
    {
        var metadata = new JsonObject { ["name"] = name };
        if (labels is not null)
        {
            metadata["labels"] = new JsonObject(labels.Select(l => KeyValuePair.Create(l.Key, (JsonNode?)l.Value)));
        }

        return new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "ConfigMap",
            ["metadata"] = metadata,
            ["data"] = new JsonObject { ["value"] = value },
        };
    }

    public static ObjectKey Key(string name, string ns = "default") => new("core/configmaps", ns, name);

    public async ValueTask DisposeAsync()
    {
        foreach (var store in _stores)
        {
            await store.DisposeAsync();
        }

        await Database.DisposeAsync();
    }
}
