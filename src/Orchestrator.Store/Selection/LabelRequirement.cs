namespace Orchestrator.Store.Selection;

/// <summary>One requirement of a label selector, such as <c>tier in (web,api)</c> or <c>!canary</c>.</summary>
public sealed record LabelRequirement(string Key, SelectionOperator Operator, IReadOnlyList<string> Values)
{
    /// <summary>Whether an object with these labels meets the requirement, as Kubernetes decides it.</summary>
    public bool Matches(IReadOnlyDictionary<string, string> labels)
    {
        var present = labels.TryGetValue(Key, out var value);
        return Operator switch
        {
            SelectionOperator.Equals or SelectionOperator.In => present && Values.Contains(value!),
            SelectionOperator.NotEquals or SelectionOperator.NotIn => !present || !Values.Contains(value!),
            SelectionOperator.Exists => present,
            SelectionOperator.DoesNotExist => !present,
            SelectionOperator.GreaterThan => present && long.TryParse(value, out var g) && g > long.Parse(Values[0]),
            SelectionOperator.LessThan => present && long.TryParse(value, out var l) && l < long.Parse(Values[0]),
            _ => false,
        };
    }
}
