using System.Text;
using Npgsql;
using Orchestrator.Store.Objects;
using Orchestrator.Store.Selection;

namespace Orchestrator.Store.Postgres;

/// <summary>
/// Builds the SQL that reads one resource as it was at a revision R: current objects not changed since R, and,
/// for objects changed or deleted after R, the version the first later change replaced (from the change log).
/// </summary>
internal sealed class ListQuery
{
    private readonly List<NpgsqlParameter> _parameters = [];
    private readonly string _snapshot;

    public ListQuery(ListRequest request, long revision, long latest, ContinueToken? after)
    {
        var sql = new StringBuilder();
        var resource = Add(request.Resource);
        var ns = request.Namespace is null ? null : Add(request.Namespace);
        var afterNs = after is null ? null : Add(after.Namespace);
        var afterName = after is null ? null : Add(after.Name);
        var at = Add(revision);

        sql.Append("SELECT o.namespace, o.name, o.uid, o.revision, o.data FROM objects o WHERE o.resource = ")
            .Append(resource);
        AppendScope(sql, "o", ns, afterNs, afterName);
        sql.Append(" AND o.revision <= ").Append(at);

        if (revision < latest)
        {
            sql.Append(" UNION ALL SELECT f.namespace, f.name, (v.data->'metadata'->>'uid')::uuid, v.revision, v.data")
                .Append(" FROM (SELECT DISTINCT ON (c.namespace, c.name) c.namespace, c.name, c.previous")
                .Append(" FROM changes c WHERE c.resource = ").Append(resource);
            AppendScope(sql, "c", ns, afterNs, afterName);
            sql.Append(" AND c.revision > ").Append(at)
                .Append(" ORDER BY c.namespace, c.name, c.revision) f JOIN changes v ON v.revision = f.previous");
        }

        _snapshot = sql.ToString();
    }

    public IReadOnlyList<NpgsqlParameter> Parameters => _parameters;

    /// <summary>Objects of the snapshot that pass the filter, in key order, at most <paramref name="take"/>.</summary>
    public string Matching(ObjectFilter filter, int take, int scanBudget)
    {
        var sql = new StringBuilder("SELECT s.namespace, s.name, s.uid, s.revision, s.data::text FROM (")
            .Append(_snapshot);
        if (scanBudget > 0)
        {
            sql.Append(" ORDER BY namespace, name LIMIT ").Append(Add(scanBudget));
        }

        sql.Append(") s WHERE true");
        FilterSql.Append(sql, _parameters, filter, "s.data");
        sql.Append(" ORDER BY s.namespace, s.name");
        if (take > 0)
        {
            sql.Append(" LIMIT ").Append(Add(take));
        }

        return sql.ToString();
    }

    /// <summary>How many objects a budgeted scan examined, and the key of the last one.</summary>
    public string ScanExtent(int scanBudget) =>
        "SELECT w.namespace, w.name, count(*) OVER () FROM (" + _snapshot + " ORDER BY namespace, name LIMIT " +
        Add(scanBudget) + ") w ORDER BY w.namespace DESC, w.name DESC LIMIT 1";

    private static void AppendScope(StringBuilder sql, string table, string? ns, string? afterNs, string? afterName)
    {
        if (ns is not null)
        {
            sql.Append($" AND {table}.namespace = {ns}");
        }

        if (afterNs is not null)
        {
            sql.Append($" AND ({table}.namespace, {table}.name) > ({afterNs}, {afterName})");
        }
    }

    private string Add(object value)
    {
        _parameters.Add(new NpgsqlParameter { Value = value });
        return "$" + _parameters.Count;
    }
}
