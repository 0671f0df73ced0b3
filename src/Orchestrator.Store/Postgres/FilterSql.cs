using System.Text;
using Npgsql;
using NpgsqlTypes;
using Orchestrator.Store.Selection;

namespace Orchestrator.Store.Postgres;

/// <summary>
/// Turns a parsed <see cref="ObjectFilter"/> into a SQL condition on an object's <c>jsonb</c> data. Keys, values
/// and field paths only ever reach the SQL as parameters.
/// </summary>
internal static class FilterSql
{
    /// <summary>
    /// Appends <c> AND (…)</c> for each requirement; the data column is named by <paramref name="data"/>.
    /// </summary>
    public static void Append(StringBuilder sql, List<NpgsqlParameter> parameters, ObjectFilter filter, string data)
    {
        foreach (var requirement in filter.Labels.Requirements)
        {
            var key = Add(parameters, requirement.Key);
            var labels = $"({data}->'metadata'->'labels')";
            var value = $"({labels}->>{key})";
            sql.Append(" AND ");
            sql.Append(requirement.Operator switch
            {
                SelectionOperator.Equals or SelectionOperator.In =>
                    $"{value} = ANY({AddArray(parameters, requirement.Values)})",
                SelectionOperator.NotEquals or SelectionOperator.NotIn =>
                    $"({value} IS NULL OR NOT ({value} = ANY({AddArray(parameters, requirement.Values)})))",
                SelectionOperator.Exists => $"({labels} ? {key})",
                SelectionOperator.DoesNotExist => $"NOT coalesce({labels} ? {key}, false)",
                SelectionOperator.GreaterThan =>
                    $"({IsInteger(value)} AND {value}::bigint > {Bound(parameters, requirement)})",
                _ => $"({IsInteger(value)} AND {value}::bigint < {Bound(parameters, requirement)})",
            });
        }

        foreach (var requirement in filter.Fields.Requirements)
        {
            var path = AddArray(parameters, requirement.Path);
            var value = Add(parameters, requirement.Value);
            sql.Append(requirement.Equal
                ? $" AND coalesce({data} #>> {path}, '') = {value}"
                : $" AND coalesce({data} #>> {path}, '') <> {value}");
        }
    }

    // A label value compares as a number only when it is one; a value that is not is no match.
    private static string IsInteger(string value) => $"{value} ~ '^-?[0-9]{{1,18}}$'";

    private static string Bound(List<NpgsqlParameter> parameters, LabelRequirement requirement) =>
        Add(parameters, long.Parse(requirement.Values[0]));

    private static string Add(List<NpgsqlParameter> parameters, object value)
    {
        parameters.Add(new NpgsqlParameter { Value = value });
        return "$" + parameters.Count;
    }

    private static string AddArray(List<NpgsqlParameter> parameters, IReadOnlyList<string> values)
    {
        parameters.Add(new NpgsqlParameter
        {
            Value = values.ToArray(),
            NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text,
        });
        return "$" + parameters.Count;
    }
}
