using Npgsql;
using Orchestrator.Store.Objects;

namespace Orchestrator.Store.Watch;

/// <summary>Reads entries of the change log in revision order.</summary>
internal static class ChangeLogReader
{
    public static async Task<List<ObjectChange>> ReadAsync(
        NpgsqlConnection connection,
        string? resource,
        long after,
        long upTo,
        int limit,
        CancellationToken cancellationToken)
    {
        var sql = "SELECT revision, resource, namespace, name, type, previous, data::text, " +
            "(data->'metadata'->>'uid')::uuid FROM changes " +
            "WHERE revision > $1 AND revision <= $2" + (resource is null ? "" : " AND resource = $4") +
            " ORDER BY revision LIMIT $3";
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = after });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = upTo });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = limit });
        if (resource is not null)
        {
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = resource });
        }

        var changes = new List<ObjectChange>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var key = new ObjectKey(reader.GetString(1), reader.GetString(2), reader.GetString(3));
            var json = reader.GetString(6);
            var stored = new StoredObject(key, reader.GetGuid(7), reader.GetInt64(0), json);
            changes.Add(new ObjectChange(
                (ChangeType)reader.GetInt16(4), stored, reader.IsDBNull(5) ? null : reader.GetInt64(5)));
        }

        return changes;
    }

    public static async Task<StoredObject?> ReadVersionAsync(
        NpgsqlDataSource dataSource, long revision, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT resource, namespace, name, data::text, (data->'metadata'->>'uid')::uuid FROM changes " +
            "WHERE revision = $1");
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = revision });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }

        var json = reader.GetString(3);
        var key = new ObjectKey(reader.GetString(0), reader.GetString(1), reader.GetString(2));
        return new StoredObject(key, reader.GetGuid(4), revision, json);
    }
}
