using System.Globalization;
using System.Text.Json.Nodes;

namespace Orchestrator.ControlPlane.Workloads;

/// <summary>
/// maxSurge and maxUnavailable of a rolling update resolved to pod counts: surge rounds up, unavailable rounds
/// down, and when both resolve to 0 one pod may be unavailable so that the rollout can move.
/// </summary>
/// <param name="MaxSurge">How many pods may exist above the desired count.</param>
/// <param name="MaxUnavailable">How many desired pods may be unavailable.</param>
public readonly record struct RollingUpdateBounds(int MaxSurge, int MaxUnavailable)
{
    private const string DefaultBound = "25%";

    /// <summary>Resolves <c>spec.strategy.rollingUpdate</c> for <paramref name="replicas"/> pods.</summary>
    /// <exception cref="ArgumentException">A bound is malformed, or both are given as zero.</exception>
    public static RollingUpdateBounds Resolve(JsonObject? rollingUpdate, int replicas)
    {
        var surgeNode = rollingUpdate?["maxSurge"];
        var unavailableNode = rollingUpdate?["maxUnavailable"];
        var surge = Scale(surgeNode, replicas, roundUp: true, "maxSurge");
        var unavailable = Scale(unavailableNode, replicas, roundUp: false, "maxUnavailable");
        if (IsExplicitZero(surgeNode) && IsExplicitZero(unavailableNode))
        {
            throw new ArgumentException(
                "spec.strategy.rollingUpdate.maxUnavailable: Invalid value: 0: may not be 0 when `maxSurge` is 0");
        }

        if (surge == 0 && unavailable == 0)
        {
            unavailable = 1;
        }

        return new RollingUpdateBounds(surge, unavailable);
    }

    /// <summary>Scales an int-or-percent value against <paramref name="total"/>.</summary>
    public static int Scale(JsonNode? value, int total, bool roundUp, string field)
    {
        if (value is null)
        {
            value = DefaultBound;
        }

        if (value is JsonValue number && number.TryGetValue<int>(out var count))
        {
            return count < 0 ? throw Negative(field) : count;
        }

        var text = value is JsonValue s && s.TryGetValue<string>(out var str) ? str : null;
        if (text is null || !text.EndsWith('%')
            || !int.TryParse(text.AsSpan(0, text.Length - 1), NumberStyles.None, CultureInfo.InvariantCulture,
                out var percent))
        {
            throw new ArgumentException(
                $"spec.strategy.rollingUpdate.{field}: Invalid value: {value.ToJsonString()}: " +
                "a valid percent string must be a numeric string followed by an ending '%'");
        }

        var scaled = (long)percent * total;
        return (int)(roundUp ? (scaled + 99) / 100 : scaled / 100);
    }

    private static bool IsExplicitZero(JsonNode? value) =>
        value is JsonValue v && ((v.TryGetValue<int>(out var n) && n == 0)
            || (v.TryGetValue<string>(out var s) && s == "0%"));

    private static ArgumentException Negative(string field) =>
        new($"spec.strategy.rollingUpdate.{field}: Invalid value: must be greater than or equal to 0");
}
