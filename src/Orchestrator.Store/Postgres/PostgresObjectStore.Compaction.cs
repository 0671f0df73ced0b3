using Microsoft.Extensions.Logging;
using Npgsql;

namespace Orchestrator.Store.Postgres;

public sealed partial class PostgresObjectStore
{
    // One bounded step: the next log entries after the last compacted one, up to the horizon. Each removes the
    // version it replaced (no snapshot at or after the horizon can need it), and a deletion removes itself.
    private const string CompactStepSql = """
        WITH chunk AS (
            SELECT revision, previous, type FROM changes
            WHERE revision > $1 AND revision <= $2
            ORDER BY revision LIMIT $3),
        gone AS (
            DELETE FROM changes WHERE revision IN (
                SELECT previous FROM chunk WHERE previous IS NOT NULL
                UNION ALL SELECT revision FROM chunk WHERE type = 3)
            RETURNING 1),
        progress AS (
            UPDATE store_revision SET compacted_through = (SELECT max(revision) FROM chunk)
            WHERE id = 1 AND EXISTS (SELECT 1 FROM chunk))
        SELECT (SELECT max(revision) FROM chunk), (SELECT count(*) FROM gone)
        """;

    /// <summary>
    /// Moves the compaction horizon up to <paramref name="horizon"/> (never down) and removes, in bounded steps,
    /// the log entries no list or watch at or after it can need. Lists and watches below the horizon then get
    /// Expired. Safe to run from several processes at once. Returns how many entries were removed.
    /// </summary>
    public async Task<long> CompactAsync(long horizon, CancellationToken cancellationToken)
    {
        long from;
        await using (var command = _dataSource.CreateCommand("""
            UPDATE store_revision SET compacted = GREATEST(compacted, LEAST($1, revision)) WHERE id = 1
            RETURNING compacted, compacted_through
            """))
        {
            command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = horizon });
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            await reader.ReadAsync(cancellationToken);
            horizon = reader.GetInt64(0);
            from = reader.GetInt64(1);
        }

        long removed = 0;
        while (from < horizon)
        {
            await using var step = _dataSource.CreateCommand(CompactStepSql);
            step.Parameters.Add(new NpgsqlParameter<long> { TypedValue = from });
            step.Parameters.Add(new NpgsqlParameter<long> { TypedValue = horizon });
            step.Parameters.Add(new NpgsqlParameter<int> { TypedValue = _options.CompactionBatchSize });
            await using var reader = await step.ExecuteReaderAsync(cancellationToken);
            await reader.ReadAsync(cancellationToken);
            if (reader.IsDBNull(0))
            {
                break;
            }

            from = reader.GetInt64(0);
            removed += reader.GetInt64(1);
        }

        if (removed > 0)
        {
            LogCompacted(_logger, horizon, removed);
        }

        return removed;
    }

    [LoggerMessage(EventId = 1121, Level = LogLevel.Information,
        Message = "Compacted the change log up to revision {Horizon}, removing {Removed} entries")]
    private static partial void LogCompacted(ILogger logger, long horizon, long removed);
}
