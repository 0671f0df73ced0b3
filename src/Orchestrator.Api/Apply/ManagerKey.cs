using System.Text;

namespace Orchestrator.Api.Apply;

/// <summary>
/// Who owns a set of fields, as the apiserver tells owners apart: the manager name, the operation, the subresource
/// and, for updates only, the API version. An applier keeps one entry whatever version it applies with.
/// </summary>
public sealed record ManagerKey(string Manager, string Operation, string ApiVersion, string? Subresource)
{
    public const string Apply = "Apply";
    public const string Update = "Update";

    public static ManagerKey ForApply(string manager, string? subresource) =>
        new(manager, Apply, "", string.IsNullOrEmpty(subresource) ? null : subresource);

    public static ManagerKey ForUpdate(string manager, string apiVersion, string? subresource) =>
        new(manager, Update, apiVersion, string.IsNullOrEmpty(subresource) ? null : subresource);

    /// <summary>The key as the apiserver spells its identifier (JSON of the entry's identifying fields); the order of
    /// conflict messages follows it.</summary>
    public string Identifier
    {
        get
        {
            var parts = new List<string>();
            Add(parts, "manager", Manager);
            Add(parts, "operation", Operation);
            Add(parts, "apiVersion", ApiVersion);
            Add(parts, "subresource", Subresource);
            return "{" + string.Join(",", parts) + "}";
        }
    }

    /// <summary>The owner as conflict messages name it: <c>"kubectl-client-side-apply" using apps/v1</c>.</summary>
    public string Display
    {
        get
        {
            var text = new StringBuilder(GoJson.Quote(Manager, escapeHtml: false));
            if (!string.IsNullOrEmpty(Subresource))
            {
                text.Append(" with subresource ").Append(GoJson.Quote(Subresource, escapeHtml: false));
            }

            if (Operation == Update)
            {
                text.Append(" using ").Append(ApiVersion);
            }

            return text.ToString();
        }
    }

    private static void Add(List<string> parts, string name, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            parts.Add(GoJson.Quote(name) + ":" + GoJson.Quote(value));
        }
    }
}
