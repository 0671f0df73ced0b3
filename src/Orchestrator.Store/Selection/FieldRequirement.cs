namespace Orchestrator.Store.Selection;

/// <summary>One requirement of a field selector: a dotted field path, <c>=</c> or <c>!=</c>, and a value.</summary>
public sealed record FieldRequirement(string Field, bool Equal, string Value)
{
    /// <summary>The path of JSON property names the field names, e.g. <c>["spec", "nodeName"]</c>.</summary>
    public string[] Path { get; } = Field.Split('.');

    public bool Matches(string? actual) =>
        string.Equals(actual ?? string.Empty, Value, StringComparison.Ordinal) == Equal;
}
