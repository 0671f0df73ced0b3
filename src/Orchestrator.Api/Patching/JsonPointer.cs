using System.Globalization;
using System.Text.Json.Nodes;

namespace Orchestrator.Api.Patching;

/// <summary>
/// A JSON Pointer (RFC 6901): the reference tokens of a path such as <c>/metadata/labels/app~1name</c>, with
/// <c>~1</c> read as <c>/</c> and <c>~0</c> as <c>~</c>. The empty pointer is the whole document.
/// </summary>
internal sealed class JsonPointer
{
    private JsonPointer(string text, IReadOnlyList<string> tokens)
    {
        Text = text;
        Tokens = tokens;
    }

    public string Text { get; }

    public IReadOnlyList<string> Tokens { get; }

    public bool IsRoot => Tokens.Count == 0;

    public string LastToken => Tokens[^1];

    /// <summary>Reads a pointer; null when it does not start with <c>/</c> or has a bad <c>~</c> escape.</summary>
    public static JsonPointer? TryParse(string text)
    {
        if (text.Length == 0)
        {
            return new JsonPointer(text, []);
        }

        if (text[0] != '/')
        {
            return null;
        }

        var tokens = new List<string>();
        foreach (var raw in text[1..].Split('/'))
        {
            var token = Unescape(raw);
            if (token is null)
            {
                return null;
            }

            tokens.Add(token);
        }

        return new JsonPointer(text, tokens);
    }

    /// <summary>Whether this pointer names a place strictly inside <paramref name="other"/>.</summary>
    public bool IsInside(JsonPointer other) =>
        Tokens.Count > other.Tokens.Count && other.Tokens.Select((t, i) => t == Tokens[i]).All(same => same);

    /// <summary>The node this pointer names, or false when the document has no such place.</summary>
    public bool TryResolve(JsonNode? root, out JsonNode? value) => TryWalk(root, Tokens.Count, out value);

    /// <summary>The object or array that holds the place this pointer names, or null when there is none.</summary>
    public JsonNode? ResolveParent(JsonNode? root) =>
        TryWalk(root, Tokens.Count - 1, out var parent) && parent is JsonObject or JsonArray ? parent : null;

    /// <summary>Reads an array index token: digits without leading zeros, below <paramref name="limit"/> + 1.</summary>
    public static bool TryReadIndex(string token, int limit, out int index)
    {
        index = -1;
        if (token.Length == 0 || (token.Length > 1 && token[0] == '0') || !token.All(char.IsAsciiDigit))
        {
            return false;
        }

        return int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out index) && index <= limit;
    }

    public override string ToString() => Text;

    private bool TryWalk(JsonNode? root, int depth, out JsonNode? value)
    {
        value = root;
        for (var i = 0; i < depth; i++)
        {
            switch (value)
            {
                case JsonObject map when map.TryGetPropertyValue(Tokens[i], out var child):
                    value = child;
                    break;
                case JsonArray list when TryReadIndex(Tokens[i], list.Count - 1, out var index):
                    value = list[index];
                    break;
                default:
                    value = null;
                    return false;
            }
        }

        return true;
    }

    private static string? Unescape(string raw)
    {
        if (!raw.Contains('~', StringComparison.Ordinal))
        {
            return raw;
        }

        var text = new System.Text.StringBuilder(raw.Length);
        for (var i = 0; i < raw.Length; i++)
        {
            if (raw[i] != '~')
            {
                text.Append(raw[i]);
                continue;
            }

            if (i + 1 >= raw.Length || raw[i + 1] is not ('0' or '1'))
            {
                return null;
            }

            text.Append(raw[i + 1] == '0' ? '~' : '/');
            i++;
        }

        return text.ToString();
    }
}
