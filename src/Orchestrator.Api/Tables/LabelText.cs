using System.Text.Json.Nodes;
using Orchestrator.Api.Objects;

namespace Orchestrator.Api.Tables;

/// <summary>Labels and label selectors written the way kubectl columns show them.</summary>
internal static class LabelText
{
    /// <summary><c>a=1,b=2</c> sorted by key, or <c>&lt;none&gt;</c>.</summary>
    public static string FormatLabels(JsonObject? parent, string name)
    {
        var pairs = parent.StringMapAt(name);
        return pairs.Count == 0 ? "<none>" : string.Join(",", pairs.Select(p => $"{p.Key}={p.Value}"));
    }

    /// <summary>
    /// A <c>LabelSelector</c> as a selector string: requirements sorted by key, <c>k=v</c>, <c>k in (a,b)</c>,
    /// <c>k notin (a,b)</c>, <c>k</c>, <c>!k</c>. Empty for an empty or missing selector.
    /// </summary>
    public static string FormatSelector(JsonObject? selector)
    {
        if (selector is null)
        {
            return "";
        }

        var requirements = new List<(string Key, string Text)>();
        foreach (var (key, value) in selector.StringMapAt("matchLabels"))
        {
            requirements.Add((key, $"{key}={value}"));
        }

        foreach (var expression in selector.ObjectsAt("matchExpressions"))
        {
            var key = expression.StringAt("key") ?? "";
            var values = (expression.ArrayAt("values") ?? [])
                .Select(v => v?.GetValue<string>() ?? "")
                .Order(StringComparer.Ordinal);
            var text = expression.StringAt("operator") switch
            {
                "In" => $"{key} in ({string.Join(",", values)})",
                "NotIn" => $"{key} notin ({string.Join(",", values)})",
                "Exists" => key,
                "DoesNotExist" => "!" + key,
                _ => key,
            };
            requirements.Add((key, text));
        }

        return string.Join(",", requirements.OrderBy(r => r.Key, StringComparer.Ordinal).Select(r => r.Text));
    }
}
