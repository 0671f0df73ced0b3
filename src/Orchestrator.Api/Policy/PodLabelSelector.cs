using System.Text.Json;
using System.Text.Json.Nodes;

namespace Orchestrator.Api.Policy;

/// <summary>
/// A Kubernetes <c>LabelSelector</c> (matchLabels and matchExpressions) evaluated against an object's labels:
/// a null selector selects nothing, an empty one everything, as policy/v1 budgets define it. Pure.
/// </summary>
public sealed class PodLabelSelector
{
    private readonly JsonObject? _selector;

    public PodLabelSelector(JsonObject? selector) => _selector = selector;

    /// <summary>Whether the selector holds for the labels of <paramref name="obj"/>.</summary>
    public bool Matches(JsonObject obj)
    {
        if (_selector is null)
        {
            return false;
        }

        var labels = obj["metadata"]?["labels"] as JsonObject;
        foreach (var (key, value) in _selector["matchLabels"] as JsonObject ?? [])
        {
            if (LabelOf(labels, key) is not { } actual || actual != Text(value))
            {
                return false;
            }
        }

        foreach (var expression in (_selector["matchExpressions"] as JsonArray ?? []).OfType<JsonObject>())
        {
            var actual = LabelOf(labels, Text(expression["key"]) ?? "");
            var values = (expression["values"] as JsonArray ?? []).Select(Text).ToHashSet();
            var holds = Text(expression["operator"]) switch
            {
                "In" => actual is not null && values.Contains(actual),
                "NotIn" => actual is null || !values.Contains(actual),
                "Exists" => actual is not null,
                "DoesNotExist" => actual is null,
                _ => false,
            };
            if (!holds)
            {
                return false;
            }
        }

        return true;
    }

    private static string? LabelOf(JsonObject? labels, string key) =>
        labels is not null && labels.TryGetPropertyValue(key, out var value) ? Text(value) ?? "" : null;

    private static string? Text(JsonNode? node) =>
        node is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : null;
}
