namespace Orchestrator.Store.Postgres;

/// <summary>
/// The one statement that commits a batch of writes. It takes the region's revision row and reserves one revision
/// per write (so revisions commit in order), then applies creates, updates and deletes with their preconditions
/// checked by the database, logs each applied write, and answers one row per applied write with its position in
/// the batch. A write whose precondition fails simply answers nothing; its revision stays unused.
/// </summary>
internal static class BatchWriteSql
{
    public const string Text = """
        WITH base AS (
            UPDATE store_revision SET revision = revision + $1 WHERE id = 1 RETURNING revision - $1 AS base),
        input AS (
            SELECT b.base + t.ord AS rv, t.*
            FROM base b,
                 unnest($2::smallint[], $3::text[], $4::text[], $5::text[], $6::uuid[], $7::bigint[], $8::jsonb[])
                 WITH ORDINALITY AS t(op, resource, namespace, name, uid, expected, data, ord)),
        ins AS (
            INSERT INTO objects (resource, namespace, name, uid, revision, data)
            SELECT resource, namespace, name, uid, rv,
                   jsonb_set(data, '{metadata,resourceVersion}', to_jsonb(rv::text))
            FROM input WHERE op = 1
            ON CONFLICT (resource, namespace, name) DO NOTHING
            RETURNING resource, namespace, name, revision, data),
        upd AS (
            UPDATE objects o
            SET revision = i.rv, data = jsonb_set(i.data, '{metadata,resourceVersion}', to_jsonb(i.rv::text))
            FROM input i
            WHERE i.op = 2 AND o.resource = i.resource AND o.namespace = i.namespace AND o.name = i.name
              AND o.uid = i.uid AND o.revision = i.expected
            RETURNING o.resource, o.namespace, o.name, o.revision, o.data, i.expected AS previous),
        del AS (
            DELETE FROM objects o USING input i
            WHERE i.op = 3 AND o.resource = i.resource AND o.namespace = i.namespace AND o.name = i.name
              AND (i.uid IS NULL OR o.uid = i.uid) AND (i.expected IS NULL OR o.revision = i.expected)
            RETURNING o.resource, o.namespace, o.name, i.rv AS revision, o.revision AS previous, o.uid,
                      jsonb_set(o.data, '{metadata,resourceVersion}', to_jsonb(i.rv::text)) AS data),
        log AS (
            INSERT INTO changes (revision, resource, namespace, name, type, previous, data)
            SELECT revision, resource, namespace, name, 1, NULL, data FROM ins
            UNION ALL SELECT revision, resource, namespace, name, 2, previous, data FROM upd
            UNION ALL SELECT revision, resource, namespace, name, 3, previous, data FROM del)
        SELECT revision - (SELECT base FROM base), revision, NULL::text, NULL::uuid FROM ins
        UNION ALL SELECT revision - (SELECT base FROM base), revision, NULL, NULL FROM upd
        UNION ALL SELECT revision - (SELECT base FROM base), revision, data::text, uid FROM del
        """;
}
