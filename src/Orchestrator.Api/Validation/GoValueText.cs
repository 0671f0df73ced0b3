using System.Text.Json.Nodes;
using Orchestrator.Api.Objects;

namespace Orchestrator.Api.Validation;

/// <summary>
/// Values written as Go's <c>%#v</c> writes them, for the error messages whose bad value is a map or a struct
/// (<c>map[string]string{"app":"web"}</c>, <c>v1.LabelSelector{...}</c>), so kubectl prints what it prints
/// against Kubernetes.
/// </summary>
internal static class GoValueText
{
    public static string StringMap(JsonObject? parent, string name)
    {
        if (parent.ObjectAt(name) is null)
        {
            return "map[string]string(nil)";
        }

        var entries = parent.StringMapAt(name)
            .Select(p => $"{FieldErrors.Quote(p.Key)}:{FieldErrors.Quote(p.Value)}");
        return "map[string]string{" + string.Join(", ", entries) + "}";
    }

    public static string Strings(IEnumerable<string> values) =>
        "[]string{" + string.Join(", ", values.Select(FieldErrors.Quote)) + "}";

    public static string LabelSelector(JsonObject? selector)
    {
        if (selector is null)
        {
            return "null";
        }

        var expressions = selector.ArrayAt("matchExpressions") is null
            ? "[]v1.LabelSelectorRequirement(nil)"
            : "[]v1.LabelSelectorRequirement{" + string.Join(", ", selector.ObjectsAt("matchExpressions").Select(e =>
                $"v1.LabelSelectorRequirement{{Key:{FieldErrors.Quote(e.StringAt("key") ?? "")}, " +
                $"Operator:{FieldErrors.Quote(e.StringAt("operator") ?? "")}, Values:{Values(e)}}}")) + "}";
        return $"v1.LabelSelector{{MatchLabels:{StringMap(selector, "matchLabels")}, MatchExpressions:{expressions}}}";
    }

    private static string Values(JsonObject expression) => expression.ArrayAt("values") is { } values
        ? Strings(values.Select(v => v?.GetValue<string>() ?? ""))
        : "[]string(nil)";
}
