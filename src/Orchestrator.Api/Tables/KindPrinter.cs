using System.Text.Json.Nodes;

namespace Orchestrator.Api.Tables;

/// <summary>How one kind prints: its columns and, for an object at a given time, the cells of its row.</summary>
internal sealed record KindPrinter(
    IReadOnlyList<TableColumn> Columns, Func<JsonObject, DateTimeOffset, JsonArray> Cells)
{
    /// <summary>Row conditions (<c>Completed</c> for finished pods), or null when the kind has none.</summary>
    public Func<JsonObject, JsonArray?> Conditions { get; init; } = _ => null;
}
