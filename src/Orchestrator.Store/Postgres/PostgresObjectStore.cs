using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Npgsql;
using Orchestrator.Store.Errors;
using Orchestrator.Store.Objects;
using Orchestrator.Store.Watch;

namespace Orchestrator.Store.Postgres;

/// <summary>
/// The object store on PostgreSQL. Writes go through one <see cref="StoreWriter"/> per process, which commits them
/// in batches; every write statement first takes the region's revision row, so revisions commit in order and the
/// change log never shows a gap to a reader. Uniqueness and preconditions are enforced by the statements themselves,
/// so two processes writing one object can never both succeed.
/// </summary>
public sealed partial class PostgresObjectStore : IObjectStore, IAsyncDisposable
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly StoreOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly StoreWriter _writer;
    private readonly ChangeFeed _feed;

    public PostgresObjectStore(
        NpgsqlDataSource dataSource, StoreOptions options, TimeProvider time, ILogger<PostgresObjectStore> logger)
    {
        _dataSource = dataSource;
        _options = options;
        _time = time;
        _logger = logger;
        _writer = new StoreWriter(dataSource, options.MaxWriteBatch, logger);
        _feed = new ChangeFeed(dataSource, options, logger);
    }

    public long ObservedRevision => _feed.LatestRevision;

    public async Task<StoredObject> CreateAsync(ObjectKey key, JsonObject obj, CancellationToken cancellationToken)
    {
        var uid = Guid.TryParse(ObjectJson.GetString(obj, "uid"), out var given) ? given : Guid.NewGuid();
        var metadata = StampIdentity(obj, key, uid);
        metadata["creationTimestamp"] ??= ObjectJson.FormatTimestamp(_time.GetUtcNow());
        if (obj.ContainsKey("spec") && ObjectJson.GetGeneration(obj) == 0)
        {
            metadata["generation"] = 1;
        }

        var outcome = await _writer.WriteAsync(
            new PendingWrite(WriteKind.Create, key, uid, null, obj.ToJsonString()), cancellationToken);
        if (!outcome.Applied)
        {
            throw new ObjectAlreadyExistsException(key);
        }

        metadata["resourceVersion"] = outcome.Revision.ToString();
        return new StoredObject(key, uid, outcome.Revision, obj);
    }

    public async Task<StoredObject?> GetAsync(ObjectKey key, CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand(
            "SELECT uid, revision, data::text FROM objects WHERE resource = $1 AND namespace = $2 AND name = $3");
        command.Parameters.Add(Parameter(key.Resource));
        command.Parameters.Add(Parameter(key.Namespace));
        command.Parameters.Add(Parameter(key.Name));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new StoredObject(key, reader.GetGuid(0), reader.GetInt64(1), reader.GetString(2))
            : null;
    }

    public async Task<StoredObject> UpdateAsync(
        StoredObject current, JsonObject updated, CancellationToken cancellationToken)
    {
        var key = current.Key;
        var previous = current.Object;
        var metadata = StampIdentity(updated, key, current.Uid);
        if (ObjectJson.GetString(previous, "creationTimestamp") is { } created)
        {
            metadata["creationTimestamp"] = created;
        }

        var generation = ObjectJson.GetGeneration(previous);
        if (!JsonNode.DeepEquals(previous["spec"], updated["spec"]))
        {
            generation++;
        }

        if (generation > 0)
        {
            metadata["generation"] = generation;
        }

        var outcome = await _writer.WriteAsync(
            new PendingWrite(WriteKind.Update, key, current.Uid, current.Revision, updated.ToJsonString()),
            cancellationToken);
        if (!outcome.Applied)
        {
            throw await ExplainFailedWriteAsync(key, current.Uid, cancellationToken);
        }

        metadata["resourceVersion"] = outcome.Revision.ToString();
        return new StoredObject(key, current.Uid, outcome.Revision, updated);
    }

    public async Task<StoredObject> DeleteAsync(
        ObjectKey key, DeletePreconditions? preconditions, CancellationToken cancellationToken)
    {
        var outcome = await _writer.WriteAsync(
            new PendingWrite(WriteKind.Delete, key, preconditions?.Uid, preconditions?.Revision, null),
            cancellationToken);
        if (!outcome.Applied)
        {
            throw await ExplainFailedWriteAsync(key, preconditions?.Uid, cancellationToken);
        }

        return new StoredObject(key, outcome.Uid, outcome.Revision, outcome.Json!);
    }

    public async Task<long> GetRevisionAsync(CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand("SELECT revision FROM store_revision WHERE id = 1");
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    public async ValueTask DisposeAsync()
    {
        await _feed.DisposeAsync();
        await _writer.DisposeAsync();
    }

    private async Task<StoreException> ExplainFailedWriteAsync(
        ObjectKey key, Guid? expectedUid, CancellationToken cancellationToken)
    {
        var now = await GetAsync(key, cancellationToken);
        if (now is null)
        {
            return new ObjectNotFoundException(key);
        }

        return expectedUid is { } uid && uid != now.Uid
            ? new ObjectConflictException(
                key, $"Precondition failed: UID in precondition: {uid}, UID in object meta: {now.Uid}")
            : new ObjectConflictException(
                key, "the object has been modified; please apply your changes to the latest version and try again");
    }

    // The identity the key and uid give an object, whatever the caller sent; the revision is set by the write.
    private static JsonObject StampIdentity(JsonObject obj, ObjectKey key, Guid uid)
    {
        var metadata = ObjectJson.Metadata(obj);
        metadata["name"] = key.Name;
        if (key.Namespace.Length > 0)
        {
            metadata["namespace"] = key.Namespace;
        }

        metadata["uid"] = uid.ToString();
        metadata["resourceVersion"] = "0";
        return metadata;
    }

    private static NpgsqlParameter Parameter<T>(T value) => new NpgsqlParameter<T> { TypedValue = value };
}
