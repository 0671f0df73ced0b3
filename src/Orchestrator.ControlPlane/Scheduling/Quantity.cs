using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Orchestrator.ControlPlane.Scheduling;

/// <summary>
/// Reads Kubernetes resource quantities ("500m", "2", "0.5", "128Mi", "1G", "1e3") as exact decimals and converts
/// them to the integer units the scheduler compares: milli-units for cpu, whole units (bytes) for everything else.
/// Conversions round up, as Kubernetes does, and saturate at <see cref="long.MaxValue"/>.
/// </summary>
public static class Quantity
{
    private static readonly (string Suffix, decimal Factor)[] Suffixes =
    [
        ("Ki", 1024m), ("Mi", 1024m * 1024), ("Gi", 1024m * 1024 * 1024), ("Ti", 1024m * 1024 * 1024 * 1024),
        ("Pi", 1024m * 1024 * 1024 * 1024 * 1024), ("Ei", 1024m * 1024 * 1024 * 1024 * 1024 * 1024),
        ("n", 0.000000001m), ("u", 0.000001m), ("m", 0.001m), ("k", 1e3m), ("M", 1e6m), ("G", 1e9m),
        ("T", 1e12m), ("P", 1e15m), ("E", 1e18m),
    ];

    /// <summary>Parses a quantity; false when the text is not a Kubernetes quantity or is out of range.</summary>
    public static bool TryParse(string? text, out decimal value)
    {
        value = 0;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var number = text.Trim();
        var factor = 1m;
        foreach (var (suffix, suffixFactor) in Suffixes)
        {
            if (number.EndsWith(suffix, StringComparison.Ordinal))
            {
                number = number[..^suffix.Length];
                factor = suffixFactor;
                break;
            }
        }

        if (number.Length == 0 || !IsPlainOrExponent(number, allowExponent: factor == 1m))
        {
            return false;
        }

        try
        {
            value = decimal.Parse(number, NumberStyles.Float, CultureInfo.InvariantCulture) * factor;
            return true;
        }
        catch (OverflowException)
        {
            return false;
        }
    }

    /// <summary>Parses a quantity or throws <see cref="FormatException"/>.</summary>
    public static decimal Parse(string text) =>
        TryParse(text, out var value) ? value : throw new FormatException($"quantity '{text}' is not valid");

    /// <summary>The quantity in milli-units, rounded up ("500m" is 500, "0.5" is 500, "2" is 2000).</summary>
    public static long ToMilliUnits(decimal value) => Saturate(value * 1000m);

    /// <summary>The quantity in whole units, rounded up ("128Mi" is 134217728, "1G" is 1000000000).</summary>
    public static long ToUnits(decimal value) => Saturate(value);

    /// <summary>
    /// Reads a quantity from JSON: a string, or a number as YAML clients may send. False for anything else.
    /// </summary>
    public static bool TryRead(JsonNode? node, out decimal value)
    {
        value = 0;
        if (node is not JsonValue json)
        {
            return false;
        }

        return json.GetValueKind() switch
        {
            JsonValueKind.String => TryParse(json.GetValue<string>(), out value),
            JsonValueKind.Number => TryParse(json.ToJsonString(), out value),
            _ => false,
        };
    }

    private static bool IsPlainOrExponent(string number, bool allowExponent)
    {
        var start = number[0] is '+' or '-' ? 1 : 0;
        var digits = 0;
        var dots = 0;
        for (var i = start; i < number.Length; i++)
        {
            var c = number[i];
            if (char.IsAsciiDigit(c))
            {
                digits++;
            }
            else if (c == '.' && dots == 0)
            {
                dots++;
            }
            else if (c is 'e' or 'E' && allowExponent && digits > 0)
            {
                var exponent = number[(i + 1)..];
                var signless = exponent.Length > 0 && exponent[0] is '+' or '-' ? exponent[1..] : exponent;
                return signless.Length > 0 && signless.All(char.IsAsciiDigit);
            }
            else
            {
                return false;
            }
        }

        return digits > 0;
    }

    private static long Saturate(decimal value)
    {
        var rounded = decimal.Ceiling(value);
        return rounded >= long.MaxValue ? long.MaxValue : rounded <= long.MinValue ? long.MinValue : (long)rounded;
    }
}
