using System.Globalization;

namespace Orchestrator.NodeAgent.Streaming;

/// <summary>
/// An instant with nanosecond precision, as CRI log lines and kubelet's log options carry it (RFC 3339 with up to
/// nine fraction digits). Comparable; formats as kubelet's fixed-width RFC3339Nano in UTC.
/// </summary>
/// <param name="UnixNanoseconds">Nanoseconds since 1970-01-01T00:00:00Z.</param>
public readonly record struct LogTimestamp(long UnixNanoseconds) : IComparable<LogTimestamp>
{
    private const long NanosecondsPerTick = 100;

    /// <summary>The instant of <paramref name="time"/> (100 ns precision).</summary>
    public static LogTimestamp FromDateTimeOffset(DateTimeOffset time) =>
        new((time.UtcTicks - DateTime.UnixEpoch.Ticks) * NanosecondsPerTick);

    /// <summary>
    /// Parses an RFC 3339 time with an optional fraction of up to nine digits and a Z or ±hh:mm offset; false when
    /// <paramref name="text"/> is not one.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<char> text, out LogTimestamp timestamp)
    {
        timestamp = default;
        if (text.Length < 20 || (text[10] != 'T' && text[10] != 't'))
        {
            return false;
        }

        var zone = text.Length - 1;
        while (zone > 19 && text[zone] is not ('Z' or 'z' or '+' or '-'))
        {
            zone--;
        }

        if (zone < 19 || !DateTime.TryParseExact(text[..19], "yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture,
                DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var seconds))
        {
            return false;
        }

        long fraction = 0;
        if (zone > 19)
        {
            var digits = text[20..zone];
            if (text[19] != '.' || digits.Length is 0 or > 9 ||
                !long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out fraction))
            {
                return false;
            }

            for (var scale = digits.Length; scale < 9; scale++)
            {
                fraction *= 10;
            }
        }

        var offset = TimeSpan.Zero;
        if (text[zone] is '+' or '-')
        {
            if (!TimeSpan.TryParseExact(text[(zone + 1)..], "hh\\:mm", CultureInfo.InvariantCulture, out offset))
            {
                return false;
            }

            offset = text[zone] == '-' ? offset : -offset;
        }
        else if (zone != text.Length - 1)
        {
            return false;
        }

        var utc = seconds + offset;
        timestamp = new LogTimestamp(((utc.Ticks - DateTime.UnixEpoch.Ticks) * NanosecondsPerTick) + fraction);
        return true;
    }

    /// <inheritdoc />
    public int CompareTo(LogTimestamp other) => UnixNanoseconds.CompareTo(other.UnixNanoseconds);

    /// <summary>
    /// Kubelet's RFC3339NanoFixed form in UTC: nine fraction digits, e.g. 2024-05-01T10:00:00.120000000Z.
    /// </summary>
    public override string ToString()
    {
        var seconds = Math.DivRem(UnixNanoseconds, 1_000_000_000L, out var nanoseconds);
        if (nanoseconds < 0)
        {
            seconds--;
            nanoseconds += 1_000_000_000L;
        }

        var time = DateTime.UnixEpoch.AddSeconds(seconds);
        return string.Create(CultureInfo.InvariantCulture, $"{time:yyyy-MM-dd'T'HH:mm:ss}.{nanoseconds:D9}Z");
    }

    /// <summary>Whether this instant is before <paramref name="other"/>.</summary>
    public static bool operator <(LogTimestamp left, LogTimestamp right) => left.CompareTo(right) < 0;

    /// <summary>Whether this instant is after <paramref name="other"/>.</summary>
    public static bool operator >(LogTimestamp left, LogTimestamp right) => left.CompareTo(right) > 0;

    /// <summary>Whether this instant is not after <paramref name="other"/>.</summary>
    public static bool operator <=(LogTimestamp left, LogTimestamp right) => left.CompareTo(right) <= 0;

    /// <summary>Whether this instant is not before <paramref name="other"/>.</summary>
    public static bool operator >=(LogTimestamp left, LogTimestamp right) => left.CompareTo(right) >= 0;
}
