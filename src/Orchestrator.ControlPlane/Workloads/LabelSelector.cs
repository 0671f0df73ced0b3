using System.Text.Json.Nodes;

namespace Orchestrator.ControlPlane.Workloads;

/// <summary>A Kubernetes <c>LabelSelector</c> (matchLabels and matchExpressions) evaluated against labels.</summary>
internal sealed class LabelSelector(JsonObject? selector)
{
    private readonly Dictionary<string, string> matchLabels =
        ObjectFields.StringMap(ObjectFields.Object(selector, "matchLabels"));

    private readonly JsonArray expressions = selector?["matchExpressions"] as JsonArray ?? [];

    /// <summary>Whether the selector selects nothing at all (absent); an empty selector selects everything.</summary>
    public bool IsNull { get; } = selector is null;

    public bool Matches(IReadOnlyDictionary<string, string> labels)
    {
        if (IsNull)
        {
            return false;
        }

        foreach (var (key, value) in matchLabels)
        {
            if (!labels.TryGetValue(key, out var actual) || actual != value)
            {
                return false;
            }
        }

        return expressions.OfType<JsonObject>().All(expression => MatchesExpression(expression, labels));
    }

    private static bool MatchesExpression(JsonObject expression, IReadOnlyDictionary<string, string> labels)
    {
        var key = ObjectFields.String(expression, "key") ?? "";
        var values = (expression["values"] as JsonArray ?? []).Select(v => v?.GetValue<string>()).ToHashSet();
        var present = labels.TryGetValue(key, out var actual);
        return ObjectFields.String(expression, "operator") switch
        {
            "In" => present && values.Contains(actual),
            "NotIn" => !present || !values.Contains(actual),
            "Exists" => present,
            "DoesNotExist" => !present,
            _ => false,
        };
    }
}
