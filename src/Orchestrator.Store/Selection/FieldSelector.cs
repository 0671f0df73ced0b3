using System.Text;
using Orchestrator.Store.Errors;

namespace Orchestrator.Store.Selection;

/// <summary>
/// A parsed field selector: requirements <c>field=value</c>, <c>field==value</c> or <c>field!=value</c> joined by
/// commas; <c>\</c> escapes a comma, an equals sign or a backslash in a value. A missing field reads as "".
/// </summary>
public sealed class FieldSelector
{
    private FieldSelector(IReadOnlyList<FieldRequirement> requirements) => Requirements = requirements;

    public static FieldSelector Everything { get; } = new([]);

    public IReadOnlyList<FieldRequirement> Requirements { get; }

    public bool IsEmpty => Requirements.Count == 0;

    public static FieldSelector Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return Everything;
        }

        var requirements = new List<FieldRequirement>();
        foreach (var part in SplitUnescaped(text, ','))
        {
            requirements.Add(ParseRequirement(part.Trim(), text));
        }

        return new FieldSelector(requirements);
    }

    /// <summary>Whether an object meets every requirement; <paramref name="read"/> gives a field's value.</summary>
    public bool Matches(Func<string[], string?> read)
    {
        foreach (var requirement in Requirements)
        {
            if (!requirement.Matches(read(requirement.Path)))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The value a selector requires for a field with <c>=</c>, if it has such a requirement.</summary>
    public string? RequiredValue(string field) =>
        Requirements.FirstOrDefault(r => r.Equal && r.Field == field)?.Value;

    public override string ToString() =>
        string.Join(',', Requirements.Select(r => $"{r.Field}{(r.Equal ? "=" : "!=")}{Escape(r.Value)}"));

    private static FieldRequirement ParseRequirement(string part, string text)
    {
        var (field, op, value) = SplitOperator(part)
            ?? throw new InvalidRequestException($"invalid selector: '{text}'; can't understand '{part}'");
        if (field.Length == 0 || !field.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_'))
        {
            throw new InvalidRequestException($"invalid field selector: invalid field name \"{field}\" in '{text}'");
        }

        return new FieldRequirement(field, op != "!=", Unescape(value, text));
    }

    private static (string Field, string Operator, string Value)? SplitOperator(string part)
    {
        for (var i = 0; i < part.Length; i++)
        {
            if (part[i] == '\\')
            {
                i++;
                continue;
            }

            if (part[i] == '!' && i + 1 < part.Length && part[i + 1] == '=')
            {
                return (part[..i].Trim(), "!=", part[(i + 2)..].Trim());
            }

            if (part[i] == '=')
            {
                var length = i + 1 < part.Length && part[i + 1] == '=' ? 2 : 1;
                return (part[..i].Trim(), "=", part[(i + length)..].Trim());
            }
        }

        return null;
    }

    private static IEnumerable<string> SplitUnescaped(string text, char separator)
    {
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\\')
            {
                i++;
            }
            else if (text[i] == separator)
            {
                yield return text[start..i];
                start = i + 1;
            }
        }

        yield return text[start..];
    }

    private static string Unescape(string value, string text)
    {
        var result = new StringBuilder(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            if (value[i] != '\\')
            {
                if (value[i] is '=' or ',')
                {
                    throw new InvalidRequestException(
                        $"invalid field selector: unescaped '{value[i]}' in value \"{value}\" of '{text}'");
                }

                result.Append(value[i]);
                continue;
            }

            if (i + 1 >= value.Length || value[i + 1] is not ('\\' or ',' or '='))
            {
                throw new InvalidRequestException($"invalid field selector: invalid escape in value \"{value}\"");
            }

            result.Append(value[++i]);
        }

        return result.ToString();
    }

    private static string Escape(string value) =>
        value.Replace("\\", "\\\\").Replace(",", "\\,").Replace("=", "\\=");
}
