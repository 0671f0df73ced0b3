using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Orchestrator.Store.Postgres;

/// <summary>
/// Commits writes in batches: whatever writes are waiting when the previous commit finishes go together into one
/// transaction, so concurrent writers share one commit (and one disk flush) instead of queueing for the revision
/// lock one by one. A write is answered only after its transaction committed. If a batch fails as a whole, its
/// writes are retried one at a time so that one bad write cannot fail the others.
/// </summary>
internal sealed partial class StoreWriter : IAsyncDisposable
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly int _maxBatch;
    private readonly ILogger _logger;
    private readonly Channel<PendingWrite> _queue = Channel.CreateUnbounded<PendingWrite>(
        new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _loop;

    public StoreWriter(NpgsqlDataSource dataSource, int maxBatch, ILogger logger)
    {
        _dataSource = dataSource;
        _maxBatch = maxBatch;
        _logger = logger;
        _loop = Task.Run(RunAsync);
    }

    public Task<WriteOutcome> WriteAsync(PendingWrite write, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (!_queue.Writer.TryWrite(write))
        {
            throw new ObjectDisposedException(nameof(StoreWriter));
        }

        // A write already queued may still commit; the caller only stops waiting for it.
        return write.Completion.Task.WaitAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _loop;
    }

    private async Task RunAsync()
    {
        var batch = new List<PendingWrite>(_maxBatch);
        while (await _queue.Reader.WaitToReadAsync())
        {
            while (batch.Count < _maxBatch && _queue.Reader.TryRead(out var write))
            {
                batch.Add(write);
            }

            try
            {
                await CommitAsync(batch);
            }
            catch (Exception error) when (batch.Count > 1)
            {
                LogBatchFailed(_logger, batch.Count, error);
                foreach (var write in batch)
                {
                    await CommitAloneAsync(write);
                }
            }
            catch (Exception error)
            {
                batch[0].Completion.TrySetException(error);
            }

            batch.Clear();
        }
    }

    private async Task CommitAloneAsync(PendingWrite write)
    {
        try
        {
            await CommitAsync([write]);
        }
        catch (Exception error)
        {
            write.Completion.TrySetException(error);
        }
    }

    private async Task CommitAsync(List<PendingWrite> writes)
    {
        await using var command = _dataSource.CreateCommand(BatchWriteSql.Text);
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = writes.Count });
        command.Parameters.Add(new NpgsqlParameter<short[]> { TypedValue = [.. writes.Select(w => (short)w.Kind)] });
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. writes.Select(w => w.Key.Resource)] });
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. writes.Select(w => w.Key.Namespace)] });
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. writes.Select(w => w.Key.Name)] });
        command.Parameters.Add(new NpgsqlParameter<Guid?[]> { TypedValue = [.. writes.Select(w => w.Uid)] });
        command.Parameters.Add(
            new NpgsqlParameter<long?[]> { TypedValue = [.. writes.Select(w => w.ExpectedRevision)] });
        command.Parameters.Add(new NpgsqlParameter<string?[]>
        {
            TypedValue = [.. writes.Select(w => w.Json)],
            NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Jsonb,
        });

        // One statement is one transaction: every write of the batch commits, or none does.
        var outcomes = new WriteOutcome[writes.Count];
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                var position = (int)reader.GetInt64(0) - 1;
                outcomes[position] = new WriteOutcome(
                    true,
                    reader.GetInt64(1),
                    reader.IsDBNull(2) ? null : reader.GetString(2),
                    reader.IsDBNull(3) ? Guid.Empty : reader.GetGuid(3));
            }
        }

        for (var i = 0; i < writes.Count; i++)
        {
            writes[i].Completion.TrySetResult(outcomes[i]);
        }
    }

    [LoggerMessage(EventId = 1101, Level = LogLevel.Warning,
        Message = "A batch of {Count} store writes failed; retrying them one by one")]
    private static partial void LogBatchFailed(ILogger logger, int count, Exception error);
}
