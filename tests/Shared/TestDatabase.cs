using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Orchestrator.Store.Schema;

namespace Orchestrator.Testing;

/// <summary>
/// A fresh, fully migrated PostgreSQL database for one test class, cloned from a migrated template.
/// The server comes from <c>ORCHESTRATOR_TEST_DB</c> (a connection string with the right to create
/// databases), which <c>infra/test.sh</c> sets after starting PostgreSQL.
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    private const string TemplateName = "orchestrator_test_template";
    private static readonly SemaphoreSlim TemplateLock = new(1, 1);
    private static bool s_templateReady;

    private TestDatabase(string name, string connectionString)
    {
        Name = name;
        ConnectionString = connectionString;
        DataSource = NpgsqlDataSource.Create(connectionString);
    }

    public string Name { get; }

    public string ConnectionString { get; }

    public NpgsqlDataSource DataSource { get; }

    public static string ServerConnectionString =>
        Environment.GetEnvironmentVariable("ORCHESTRATOR_TEST_DB")
        ?? throw new InvalidOperationException(
            "ORCHESTRATOR_TEST_DB is not set: run the tests through infra/test.sh, which starts PostgreSQL");

    public static async Task<TestDatabase> CreateAsync(CancellationToken cancellationToken = default)
    {
        await EnsureTemplateAsync(cancellationToken);

        var name = "orchestrator_test_" + Guid.NewGuid().ToString("N")[..12];
        await ExecuteOnServerAsync($"CREATE DATABASE {name} TEMPLATE {TemplateName}", cancellationToken);

        var builder = new NpgsqlConnectionStringBuilder(ServerConnectionString) { Database = name };
        return new TestDatabase(name, builder.ConnectionString);
    }

    public async ValueTask DisposeAsync()
    {
        await DataSource.DisposeAsync();
        NpgsqlConnection.ClearAllPools();
        await ExecuteOnServerAsync($"DROP DATABASE IF EXISTS {Name} WITH (FORCE)", CancellationToken.None);
    }

    private static async Task EnsureTemplateAsync(CancellationToken cancellationToken)
    {
        await TemplateLock.WaitAsync(cancellationToken);
        try
        {
            if (s_templateReady)
            {
                return;
            }

            await ExecuteOnServerAsync($"DROP DATABASE IF EXISTS {TemplateName} WITH (FORCE)", cancellationToken);
            await ExecuteOnServerAsync($"CREATE DATABASE {TemplateName}", cancellationToken);

            var builder = new NpgsqlConnectionStringBuilder(ServerConnectionString)
            {
                Database = TemplateName,
                Pooling = false,
            };
            await using (var dataSource = NpgsqlDataSource.Create(builder.ConnectionString))
            {
                var migrator = new SchemaMigrator(NullLogger<SchemaMigrator>.Instance);
                await migrator.ApplyAsync(dataSource, cancellationToken);
            }

            s_templateReady = true;
        }
        finally
        {
            TemplateLock.Release();
        }
    }

    private static async Task ExecuteOnServerAsync(string sql, CancellationToken cancellationToken)
    {
        var builder = new NpgsqlConnectionStringBuilder(ServerConnectionString)
        {
            Database = "postgres",
            Pooling = false,
        };
        await using var connection = new NpgsqlConnection(builder.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
