using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace Orchestrator.NodeAgent.Streaming;

/// <summary>
/// What a containerLogs request asks for, from kubelet's query parameters (the PodLogOptions fields): follow,
/// tailLines, sinceSeconds or sinceTime, timestamps, previous and limitBytes.
/// </summary>
public sealed record ContainerLogOptions
{
    /// <summary>Keep writing lines as they arrive until the container stops or the client leaves.</summary>
    public bool Follow { get; init; }

    /// <summary>Only the last lines of the file, when set.</summary>
    public long? TailLines { get; init; }

    /// <summary>Only lines logged at or after this instant, when set.</summary>
    public LogTimestamp? Since { get; init; }

    /// <summary>Prefix each line with its time (kubelet's fixed-width RFC3339Nano) and a space.</summary>
    public bool Timestamps { get; init; }

    /// <summary>The log of the container's previous attempt instead of the current one.</summary>
    public bool Previous { get; init; }

    /// <summary>Stop after this many bytes of output, when set.</summary>
    public long? LimitBytes { get; init; }

    /// <summary>
    /// Reads the options from a query; <paramref name="now"/> turns sinceSeconds into an instant. Throws
    /// <see cref="FormatException"/> naming the parameter when a value is malformed or out of range.
    /// </summary>
    public static ContainerLogOptions FromQuery(IQueryCollection query, DateTimeOffset now)
    {
        var sinceSeconds = ReadLong(query, "sinceSeconds", 1);
        LogTimestamp? since = sinceSeconds is { } seconds
            ? LogTimestamp.FromDateTimeOffset(now.AddSeconds(-seconds))
            : null;
        if (query["sinceTime"].FirstOrDefault() is { Length: > 0 } sinceTime)
        {
            if (since != null)
            {
                throw new FormatException("at most one of sinceTime or sinceSeconds may be specified");
            }

            since = LogTimestamp.TryParse(sinceTime, out var parsed)
                ? parsed
                : throw new FormatException($"sinceTime: invalid RFC 3339 time \"{sinceTime}\"");
        }

        return new ContainerLogOptions
        {
            Follow = ReadBool(query, "follow"),
            TailLines = ReadLong(query, "tailLines", 0),
            Since = since,
            Timestamps = ReadBool(query, "timestamps"),
            Previous = ReadBool(query, "previous"),
            LimitBytes = ReadLong(query, "limitBytes", 1),
        };
    }

    private static bool ReadBool(IQueryCollection query, string name)
    {
        var value = query[name].FirstOrDefault();
        if (value is null)
        {
            return false;
        }

        return value.Length == 0 || (bool.TryParse(value, out var parsed)
            ? parsed
            : throw new FormatException($"{name}: invalid boolean \"{value}\""));
    }

    private static long? ReadLong(IQueryCollection query, string name, long minimum)
    {
        var value = query[name].FirstOrDefault();
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        if (!long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed))
        {
            throw new FormatException($"{name}: invalid integer \"{value}\"");
        }

        return parsed >= minimum
            ? parsed
            : throw new FormatException($"{name}: must be greater than or equal to {minimum}");
    }
}
