using System.Data;
using Npgsql;
using Orchestrator.Store.Errors;
using Orchestrator.Store.Objects;

namespace Orchestrator.Store.Postgres;

public sealed partial class PostgresObjectStore
{
    public async Task<ListResult> ListAsync(ListRequest request, CancellationToken cancellationToken)
    {
        var after = request.Continue is { Length: > 0 } token ? ContinueToken.Decode(token) : null;

        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(
            IsolationLevel.RepeatableRead, cancellationToken);
        var (latest, compacted) = await ReadRevisionsAsync(connection, cancellationToken);
        var revision = ChooseRevision(request, after, latest, compacted);

        // A filtered page examines at most the scan budget of objects, so a selector that matches little
        // cannot make one request read a whole resource; the client follows the continue token.
        var budget = request.Limit > 0 && !request.Filter.IsEmpty
            ? Math.Max(_options.ListScanBudget, request.Limit)
            : 0;
        var take = request.Limit > 0 ? request.Limit + 1 : 0;
        var items = await ReadMatchingAsync(
            connection, request, revision, latest, after, take, budget, cancellationToken);

        string? next = null;
        if (request.Limit > 0 && items.Count > request.Limit)
        {
            items.RemoveAt(items.Count - 1);
            next = new ContinueToken(revision, items[^1].Key.Namespace, items[^1].Key.Name).Encode();
        }
        else if (budget > 0)
        {
            var extent = new ListQuery(request, revision, latest, after);
            await using var command = Command(connection, extent.ScanExtent(budget), extent.Parameters);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            if (await reader.ReadAsync(cancellationToken) && reader.GetInt64(2) >= budget)
            {
                next = new ContinueToken(revision, reader.GetString(0), reader.GetString(1)).Encode();
            }
        }

        await transaction.CommitAsync(cancellationToken);
        return new ListResult(items, revision, next);
    }

    private static long ChooseRevision(ListRequest request, ContinueToken? after, long latest, long compacted)
    {
        if (after is not null)
        {
            if (after.Revision == 0)
            {
                return latest;
            }

            if (after.Revision < compacted)
            {
                var fresh = new ContinueToken(0, after.Namespace, after.Name).Encode();
                throw new ResourceExpiredException(
                    "The provided continue parameter is too old to display a consistent list result. You can start " +
                    "a new list without the continue parameter, or use the continue token in this response to " +
                    "retrieve the remainder of the results. Continuing with the provided token results in an " +
                    "inconsistent list - objects that were created, modified, or deleted between the time the " +
                    "first chunk was returned and now may show up in the list.",
                    fresh);
            }

            return after.Revision;
        }

        switch (request.Match)
        {
            case RevisionMatch.Exact:
                if (request.Revision > latest)
                {
                    throw new TooLargeResourceVersionException(request.Revision, latest);
                }

                if (request.Revision < compacted)
                {
                    throw new ResourceExpiredException(
                        $"too old resource version: {request.Revision} ({compacted})");
                }

                return request.Revision;
            case RevisionMatch.NotOlderThan when request.Revision > latest:
                throw new TooLargeResourceVersionException(request.Revision, latest);
            default:
                return latest;
        }
    }

    private async Task<List<StoredObject>> ReadMatchingAsync(
        NpgsqlConnection connection,
        ListRequest request,
        long revision,
        long latest,
        ContinueToken? after,
        int take,
        int budget,
        CancellationToken cancellationToken)
    {
        var query = new ListQuery(request, revision, latest, after);
        var sql = query.Matching(request.Filter, take, budget);
        await using var command = Command(connection, sql, query.Parameters);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var items = new List<StoredObject>();
        while (await reader.ReadAsync(cancellationToken))
        {
            var key = new ObjectKey(request.Resource, reader.GetString(0), reader.GetString(1));
            items.Add(new StoredObject(key, reader.GetGuid(2), reader.GetInt64(3), reader.GetString(4)));
        }

        return items;
    }

    private static async Task<(long Latest, long Compacted)> ReadRevisionsAsync(
        NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            "SELECT revision, compacted FROM store_revision WHERE id = 1", connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return (reader.GetInt64(0), reader.GetInt64(1));
    }

    private static NpgsqlCommand Command(
        NpgsqlConnection connection, string sql, IReadOnlyList<NpgsqlParameter> parameters)
    {
        var command = new NpgsqlCommand(sql, connection);
        foreach (var parameter in parameters)
        {
            command.Parameters.Add(parameter);
        }

        return command;
    }
}
