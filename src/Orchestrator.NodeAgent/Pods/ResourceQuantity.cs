using System.Globalization;

namespace Orchestrator.NodeAgent.Pods;

/// <summary>Reads Kubernetes quantities ("500m", "0.5", "128Mi", "1G", "1e3") as exact decimals. Pure.</summary>
public static class ResourceQuantity
{
    private static readonly (string Suffix, decimal Factor)[] Suffixes =
    [
        ("Ki", 1L << 10), ("Mi", 1L << 20), ("Gi", 1L << 30), ("Ti", 1L << 40), ("Pi", 1L << 50), ("Ei", 1L << 60),
        ("n", 1e-9m), ("u", 1e-6m), ("m", 1e-3m), ("k", 1e3m), ("M", 1e6m), ("G", 1e9m), ("T", 1e12m),
        ("P", 1e15m), ("E", 1e18m),
    ];

    /// <summary>The quantity's value, or null when <paramref name="text"/> is no quantity.</summary>
    public static decimal? Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var number = text.Trim();
        var factor = 1m;
        foreach (var (suffix, value) in Suffixes)
        {
            if (number.Length > suffix.Length && number.EndsWith(suffix, StringComparison.Ordinal) &&
                number[^(suffix.Length + 1)] is (>= '0' and <= '9') or '.')
            {
                number = number[..^suffix.Length];
                factor = value;
                break;
            }
        }

        var styles = factor == 1m ? NumberStyles.Float : NumberStyles.AllowDecimalPoint;
        return decimal.TryParse(number, styles, CultureInfo.InvariantCulture, out var parsed) && parsed >= 0
            ? parsed * factor
            : null;
    }

    /// <summary>The quantity in thousandths, rounded up (cpu in millicores), or null.</summary>
    public static long? Millis(string? text) => Parse(text) is { } value ? (long)Math.Ceiling(value * 1000) : null;

    /// <summary>The quantity in whole units, rounded up (memory in bytes), or null.</summary>
    public static long? Units(string? text) => Parse(text) is { } value ? (long)Math.Ceiling(value) : null;
}
