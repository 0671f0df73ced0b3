using Microsoft.Extensions.Logging;
using Npgsql;
using Orchestrator.Store.Objects;

namespace Orchestrator.Store.Watch;

/// <summary>
/// This process's view of the region's change log: one connection listens for the commit notifications of
/// writers (from any process), reads the new log entries in revision order and keeps the most recent ones in
/// memory for the watchers of this process. Since revisions commit in order, reading "after the last revision
/// seen" never skips a change. Watchers that fall behind the memory read the log itself.
/// </summary>
internal sealed partial class ChangeFeed : IAsyncDisposable
{
    private const int ReadBatch = 2000;

    private readonly NpgsqlDataSource _dataSource;
    private readonly StoreOptions _options;
    private readonly ILogger _logger;
    private readonly ChangeRing _ring;
    private readonly CancellationTokenSource _stopping = new();
    private readonly SemaphoreSlim _startLock = new(1, 1);
    private TaskCompletionSource _advanced = NewSignal();
    private Task? _loop;
    private long _latest;

    public ChangeFeed(NpgsqlDataSource dataSource, StoreOptions options, ILogger logger)
    {
        _dataSource = dataSource;
        _options = options;
        _logger = logger;
        _ring = new ChangeRing(options.WatchCacheCapacity);
    }

    /// <summary>Every change up to this revision has been read into memory (or was before it started).</summary>
    public long LatestRevision => Volatile.Read(ref _latest);

    /// <summary>Completes the next time the feed reads new changes (or its latest revision moves).</summary>
    public Task Advanced => Volatile.Read(ref _advanced).Task;

    public async Task EnsureStartedAsync(CancellationToken cancellationToken)
    {
        if (_loop is not null)
        {
            return;
        }

        await _startLock.WaitAsync(cancellationToken);
        try
        {
            if (_loop is null)
            {
                var connection = await ListenAsync(cancellationToken);
                var revision = await ReadCounterAsync(connection, cancellationToken);
                _ring.Reset(revision);
                Volatile.Write(ref _latest, revision);
                _loop = Task.Run(() => RunAsync(connection));
            }
        }
        finally
        {
            _startLock.Release();
        }
    }

    /// <summary>
    /// Copies the changes after <paramref name="after"/> that memory holds into <paramref name="into"/>; false when
    /// memory no longer reaches back to that revision and the caller must read the log.
    /// </summary>
    public bool TryRead(long after, List<ObjectChange> into, out long reached) =>
        _ring.TryRead(after, into, out reached);

    /// <summary>The oldest revision memory covers: it holds every change after it.</summary>
    public long MemoryStartRevision => _ring.BaseRevision;

    public StoredObject? FindVersion(long revision) => _ring.Find(revision);

    public async ValueTask DisposeAsync()
    {
        _stopping.Cancel();
        if (_loop is not null)
        {
            try
            {
                await _loop;
            }
            catch (OperationCanceledException)
            {
            }
        }
    }

    private async Task RunAsync(NpgsqlConnection? connection)
    {
        var token = _stopping.Token;
        var failures = 0;
        while (!token.IsCancellationRequested)
        {
            try
            {
                connection ??= await ListenAsync(token);
                await CatchUpAsync(connection, token);
                failures = 0;
                await connection.WaitAsync(_options.ChangePollInterval, token);
            }
            catch (Exception error) when (!token.IsCancellationRequested)
            {
                failures++;
                LogFeedFailed(_logger, failures, error);
                if (connection is not null)
                {
                    await connection.DisposeAsync();
                    connection = null;
                }

                await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(5000, 100 * (1 << Math.Min(failures, 6)))), token);
            }
        }

        if (connection is not null)
        {
            await connection.DisposeAsync();
        }
    }

    private async Task CatchUpAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        while (true)
        {
            // The counter is read before the log, in one snapshot: every change up to it is then visible.
            await using var transaction = await connection.BeginTransactionAsync(
                System.Data.IsolationLevel.RepeatableRead, cancellationToken);
            var counter = await ReadCounterAsync(connection, cancellationToken);
            var latest = LatestRevision;
            if (counter <= latest)
            {
                await transaction.CommitAsync(cancellationToken);
                return;
            }

            var changes = await ChangeLogReader.ReadAsync(
                connection, resource: null, after: latest, upTo: counter, ReadBatch, cancellationToken);
            await transaction.CommitAsync(cancellationToken);

            var reached = changes.Count == ReadBatch ? changes[^1].Revision : counter;
            _ring.Append(changes, reached);
            Volatile.Write(ref _latest, reached);
            Interlocked.Exchange(ref _advanced, NewSignal()).TrySetResult();
            if (changes.Count < ReadBatch)
            {
                return;
            }
        }
    }

    private async Task<NpgsqlConnection> ListenAsync(CancellationToken cancellationToken)
    {
        var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var listen = new NpgsqlCommand("LISTEN store_changes", connection);
        await listen.ExecuteNonQueryAsync(cancellationToken);
        return connection;
    }

    private static async Task<long> ReadCounterAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT revision FROM store_revision WHERE id = 1", connection);
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    [LoggerMessage(EventId = 1111, Level = LogLevel.Warning,
        Message = "Reading the change log failed ({Failures} in a row); retrying")]
    private static partial void LogFeedFailed(ILogger logger, int failures, Exception error);
}
