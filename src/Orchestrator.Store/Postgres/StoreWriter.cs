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

    public Task<WriteOutcome> WriteAsync(string sql, NpgsqlParameter[] parameters, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var write = new PendingWrite(sql, parameters);
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
        await using var connection = await _dataSource.OpenConnectionAsync();
        await using var batch = new NpgsqlBatch(connection);
        foreach (var write in writes)
        {
            batch.BatchCommands.Add(write.ToCommand());
        }

        // The statements of one batch run in one implicit transaction: all commit, or none does.
        var outcomes = new WriteOutcome[writes.Count];
        await using (var reader = await batch.ExecuteReaderAsync())
        {
            for (var i = 0; i < writes.Count; i++)
            {
                outcomes[i] = await reader.ReadAsync()
                    ? new WriteOutcome(
                        true,
                        reader.GetInt64(0),
                        reader.FieldCount > 1 && !reader.IsDBNull(1) ? reader.GetString(1) : null,
                        reader.FieldCount > 2 && !reader.IsDBNull(2) ? reader.GetGuid(2) : Guid.Empty)
                    : WriteOutcome.NotApplied;
                await reader.NextResultAsync();
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
