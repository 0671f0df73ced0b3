using Npgsql;
using Orchestrator.Store.Schema;

namespace Orchestrator.ControlPlane.Hosting;

/// <summary>
/// Brings the region's database to the current schema before anything else starts: the object store's tables and
/// the Orleans tables the silo is about to use. Safe when several silos start at once (the migrator takes a lock).
/// </summary>
public static partial class DatabaseMigration
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(1);

    /// <summary>Applies the migrations, retrying for <paramref name="patience"/> while the database is down.</summary>
    public static async Task ApplyAsync(
        string connectionString, ILoggerFactory loggers, TimeSpan patience, CancellationToken cancellationToken)
    {
        var logger = loggers.CreateLogger(typeof(DatabaseMigration));
        var migrator = new SchemaMigrator(loggers.CreateLogger<SchemaMigrator>());
        var deadline = DateTime.UtcNow + patience;

        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        while (true)
        {
            try
            {
                await migrator.ApplyAsync(dataSource, cancellationToken);
                return;
            }
            catch (NpgsqlException error) when (error.IsTransient && DateTime.UtcNow < deadline)
            {
                LogDatabaseUnreachable(logger, error.Message);
                await Task.Delay(RetryDelay, cancellationToken);
            }
        }
    }

    [LoggerMessage(EventId = 2101, Level = LogLevel.Warning,
        Message = "The region's database is not reachable yet, retrying: {Reason}")]
    private static partial void LogDatabaseUnreachable(ILogger logger, string reason);
}
