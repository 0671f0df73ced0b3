using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Orchestrator.Api.Policy;

/// <summary>
/// Kubernetes' int-or-string values that are a count or a percentage (<c>3</c>, <c>"25%"</c>), as budgets and
/// rolling updates use them. Pure.
/// </summary>
public static class IntOrPercent
{
    /// <summary>Whether the value is a whole number rather than a string.</summary>
    public static bool IsInteger(JsonNode? value) =>
        value is JsonValue v && v.GetValueKind() == JsonValueKind.Number;

    /// <summary>
    /// The count the value stands for out of <paramref name="total"/>: a number as it is, a percentage of the total
    /// rounded up (<paramref name="roundUp"/>) or down. False, with the reason, for anything else.
    /// </summary>
    public static bool TryScale(JsonNode? value, int total, bool roundUp, out int count, out string error)
    {
        count = 0;
        error = "";
        if (value is not JsonValue scalar)
        {
            error = "invalid value for IntOrString: invalid type: neither int nor percentage";
            return false;
        }

        if (scalar.GetValueKind() == JsonValueKind.Number)
        {
            if (!scalar.TryGetValue<int>(out count))
            {
                error = $"invalid value for IntOrString: {scalar.ToJsonString()} is not an int32";
                return false;
            }

            return true;
        }

        var text = scalar.GetValueKind() == JsonValueKind.String ? scalar.GetValue<string>() : "";
        if (!TryPercent(text, out var percent))
        {
            error = $"invalid value for IntOrString: invalid type: string is not a percentage";
            return false;
        }

        var scaled = (double)percent * total / 100;
        count = (int)(roundUp ? Math.Ceiling(scaled) : Math.Floor(scaled));
        return true;
    }

    /// <summary>Whether <paramref name="text"/> is digits followed by <c>%</c>, and the number it holds.</summary>
    public static bool TryPercent(string text, out long percent)
    {
        percent = 0;
        return text.Length > 1 && text[^1] == '%' && text[..^1].All(char.IsAsciiDigit) &&
            long.TryParse(text[..^1], NumberStyles.None, CultureInfo.InvariantCulture, out percent);
    }
}
