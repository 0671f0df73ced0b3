using System.Globalization;

namespace Orchestrator.Api.Tables;

/// <summary>
/// Durations as kubectl shows ages: seconds below two minutes, then minutes, hours, days and years with at most two
/// units and coarser precision the older a thing is (<c>45s</c>, <c>3m2s</c>, <c>10m</c>, <c>5h3m</c>, <c>2d3h</c>).
/// </summary>
public static class HumanDuration
{
    private const long Minute = 60;
    private const long Hour = 60 * Minute;
    private const long Day = 24 * Hour;
    private const long Year = 365 * Day;

    public static string Format(TimeSpan duration)
    {
        var seconds = (long)duration.TotalSeconds;
        if (seconds < -1)
        {
            return "<invalid>";
        }

        if (seconds < 0)
        {
            return "0s";
        }

        if (seconds < 2 * Minute)
        {
            return Invariant($"{seconds}s");
        }

        var minutes = seconds / Minute;
        if (minutes < 10)
        {
            return Compose(minutes, "m", seconds % Minute, "s");
        }

        if (minutes < 3 * 60)
        {
            return Invariant($"{minutes}m");
        }

        var hours = seconds / Hour;
        if (hours < 8)
        {
            return Compose(hours, "h", minutes % 60, "m");
        }

        if (hours < 48)
        {
            return Invariant($"{hours}h");
        }

        if (hours < 24 * 8)
        {
            return Compose(hours / 24, "d", hours % 24, "h");
        }

        if (hours < 24 * 365 * 2)
        {
            return Invariant($"{hours / 24}d");
        }

        if (hours < 24 * 365 * 8)
        {
            return Compose(seconds / Year, "y", hours / 24 % 365, "d");
        }

        return Invariant($"{seconds / Year}y");
    }

    /// <summary>
    /// The age of <paramref name="timestamp"/> at <paramref name="now"/>; <c>&lt;unknown&gt;</c> if unset.
    /// </summary>
    public static string Since(DateTimeOffset? timestamp, DateTimeOffset now) =>
        timestamp is { } at ? Format(now - at) : "<unknown>";

    private static string Compose(long major, string majorUnit, long minor, string minorUnit) =>
        minor == 0 ? Invariant($"{major}{majorUnit}") : Invariant($"{major}{majorUnit}{minor}{minorUnit}");

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
