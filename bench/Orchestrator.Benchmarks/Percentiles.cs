namespace Orchestrator.Benchmarks;

/// <summary>Percentiles of a set of durations in milliseconds.</summary>
internal static class Percentiles
{
    public static double Of(IReadOnlyList<double> values, double percentile)
    {
        var sorted = values.Order().ToArray();
        var rank = (int)Math.Ceiling(percentile / 100.0 * sorted.Length) - 1;
        return sorted[Math.Clamp(rank, 0, sorted.Length - 1)];
    }

    public static string Describe(IReadOnlyList<double> milliseconds) =>
        $"p50 {Of(milliseconds, 50):F2} ms, p99 {Of(milliseconds, 99):F2} ms";
}
