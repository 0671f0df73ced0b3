using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Orchestrator.Api.Apply;

/// <summary>
/// Writes JSON values the way the apiserver's Go encoder does, so that <c>fieldsV1</c> keys and conflict paths come
/// out byte for byte as kube-apiserver writes them: map keys sorted, integral numbers without a fraction, and
/// <c>&lt;</c>, <c>&gt;</c>, <c>&amp;</c> escaped.
/// </summary>
internal static class GoJson
{
    public static string Write(JsonNode? node)
    {
        var builder = new StringBuilder();
        Write(builder, node);
        return builder.ToString();
    }

    /// <summary>A value as Go's <c>%v</c> prints an unstructured value (strings quoted as <c>%q</c>).</summary>
    public static string Display(JsonNode? node) => node?.GetValueKind() switch
    {
        null or JsonValueKind.Null => "null",
        JsonValueKind.String => Quote(node.GetValue<string>(), escapeHtml: false),
        _ => Write(node),
    };

    public static string Quote(string text, bool escapeHtml = true)
    {
        var builder = new StringBuilder(text.Length + 2);
        AppendQuoted(builder, text, escapeHtml);
        return builder.ToString();
    }

    /// <summary>Numbers compare by value, whatever their spelling.</summary>
    public static double NumberOf(JsonNode node) =>
        double.Parse(node.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture);

    private static void Write(StringBuilder builder, JsonNode? node)
    {
        switch (node?.GetValueKind())
        {
            case null or JsonValueKind.Null:
                builder.Append("null");
                break;
            case JsonValueKind.True:
                builder.Append("true");
                break;
            case JsonValueKind.False:
                builder.Append("false");
                break;
            case JsonValueKind.String:
                AppendQuoted(builder, node.GetValue<string>(), escapeHtml: true);
                break;
            case JsonValueKind.Number:
                builder.Append(Number(node.ToJsonString()));
                break;
            case JsonValueKind.Array:
                builder.Append('[');
                var array = node.AsArray();
                for (var i = 0; i < array.Count; i++)
                {
                    builder.Append(i == 0 ? "" : ",");
                    Write(builder, array[i]);
                }

                builder.Append(']');
                break;
            default:
                builder.Append('{');
                var first = true;
                foreach (var (name, value) in node.AsObject().OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    builder.Append(first ? "" : ",");
                    first = false;
                    AppendQuoted(builder, name, escapeHtml: true);
                    builder.Append(':');
                    Write(builder, value);
                }

                builder.Append('}');
                break;
        }
    }

    private static string Number(string text)
    {
        if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer))
        {
            return integer.ToString(CultureInfo.InvariantCulture);
        }

        var number = double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
        return Math.Floor(number) == number && Math.Abs(number) < 9.2e18
            ? ((long)number).ToString(CultureInfo.InvariantCulture)
            : number.ToString("R", CultureInfo.InvariantCulture);
    }

    private static void AppendQuoted(StringBuilder builder, string text, bool escapeHtml)
    {
        builder.Append('"');
        foreach (var c in text)
        {
            switch (c)
            {
                case '"':
                    builder.Append("\\\"");
                    break;
                case '\\':
                    builder.Append("\\\\");
                    break;
                case '\n':
                    builder.Append("\\n");
                    break;
                case '\r':
                    builder.Append("\\r");
                    break;
                case '\t':
                    builder.Append("\\t");
                    break;
                case '<' or '>' or '&' when escapeHtml:
                case '\u2028' or '\u2029':
                    builder.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}");
                    break;
                default:
                    if (c < 0x20)
                    {
                        builder.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}");
                    }
                    else
                    {
                        builder.Append(c);
                    }

                    break;
            }
        }

        builder.Append('"');
    }
}
