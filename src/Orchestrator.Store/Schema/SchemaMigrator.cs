using System.Reflection;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Orchestrator.Store.Schema;

/// <summary>
/// Applies the ordered SQL migrations of a region's database (embedded from <c>infra/migrations</c>).
/// Idempotent: each script is recorded in <c>schema_migrations</c> once applied, every script is itself
/// safe to run twice, and concurrent callers are serialized by an advisory lock.
/// </summary>
public sealed partial class SchemaMigrator
{
    private const string ResourcePrefix = "migrations/";

    // An arbitrary constant that names the migration lock among the database's advisory locks.
    private const long MigrationLockKey = 0x4f52434845535452;

    private readonly ILogger<SchemaMigrator> _logger;

    public SchemaMigrator(ILogger<SchemaMigrator> logger) => _logger = logger;

    /// <summary>The migrations in the order they are applied: (version, SQL text).</summary>
    public static IReadOnlyList<(string Version, string Sql)> Migrations { get; } = LoadMigrations();

    /// <summary>Applies every migration not yet recorded in the database.</summary>
    public async Task ApplyAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);

        await ExecuteAsync(connection, "SELECT pg_advisory_lock(@key)", cancellationToken, MigrationLockKey);
        try
        {
            await ExecuteAsync(
                connection,
                """
                CREATE TABLE IF NOT EXISTS schema_migrations (
                    version text PRIMARY KEY,
                    applied_at timestamptz NOT NULL DEFAULT now())
                """,
                cancellationToken);

            var applied = await ReadAppliedAsync(connection, cancellationToken);

            foreach (var (version, sql) in Migrations)
            {
                if (applied.Contains(version))
                {
                    continue;
                }

                await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
                await ExecuteAsync(connection, sql, cancellationToken);
                await ExecuteAsync(
                    connection, "INSERT INTO schema_migrations (version) VALUES (@key)", cancellationToken, version);
                await transaction.CommitAsync(cancellationToken);

                LogApplied(_logger, version);
            }
        }
        finally
        {
            await ExecuteAsync(connection, "SELECT pg_advisory_unlock(@key)", CancellationToken.None, MigrationLockKey);
        }
    }

    private static async Task<HashSet<string>> ReadAppliedAsync(
        NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        var applied = new HashSet<string>(StringComparer.Ordinal);
        await using var command = new NpgsqlCommand("SELECT version FROM schema_migrations", connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            applied.Add(reader.GetString(0));
        }

        return applied;
    }

    private static async Task ExecuteAsync(
        NpgsqlConnection connection, string sql, CancellationToken cancellationToken, object? key = null)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        if (key is not null)
        {
            command.Parameters.AddWithValue("key", key);
        }

        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static List<(string Version, string Sql)> LoadMigrations()
    {
        var assembly = typeof(SchemaMigrator).Assembly;
        return assembly.GetManifestResourceNames()
            .Where(name => name.StartsWith(ResourcePrefix, StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(name => (Path.GetFileNameWithoutExtension(name), ReadResource(assembly, name)))
            .ToList();
    }

    private static string ReadResource(Assembly assembly, string name)
    {
        using var stream = assembly.GetManifestResourceStream(name)!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    [LoggerMessage(EventId = 1001, Level = LogLevel.Information, Message = "Applied database migration {Version}")]
    private static partial void LogApplied(ILogger logger, string version);
}
