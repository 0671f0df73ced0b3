using System.Text;
using Orchestrator.Store.Errors;

namespace Orchestrator.Store.Selection;

/// <summary>
/// A parsed label selector in Kubernetes' string form: requirements joined by commas, each one of
/// <c>k</c>, <c>!k</c>, <c>k=v</c>, <c>k==v</c>, <c>k!=v</c>, <c>k in (a,b)</c>, <c>k notin (a,b)</c>, <c>k&gt;n</c>,
/// <c>k&lt;n</c>. The empty selector matches everything.
/// </summary>
public sealed class LabelSelector
{
    private LabelSelector(IReadOnlyList<LabelRequirement> requirements) => Requirements = requirements;

    public static LabelSelector Everything { get; } = new([]);

    public IReadOnlyList<LabelRequirement> Requirements { get; }

    public bool IsEmpty => Requirements.Count == 0;

    /// <summary>Parses a selector; throws <see cref="InvalidRequestException"/> naming what is wrong.</summary>
    public static LabelSelector Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return Everything;
        }

        var reader = new SelectorReader(text);
        var requirements = new List<LabelRequirement>();
        do
        {
            requirements.Add(ParseRequirement(reader));
        }
        while (reader.TryConsume(','));

        reader.SkipSpaces();
        if (!reader.AtEnd)
        {
            throw reader.Error("expected ',' between requirements");
        }

        return new LabelSelector(requirements);
    }

    public bool Matches(IReadOnlyDictionary<string, string> labels)
    {
        foreach (var requirement in Requirements)
        {
            if (!requirement.Matches(labels))
            {
                return false;
            }
        }

        return true;
    }

    public override string ToString()
    {
        var text = new StringBuilder();
        foreach (var r in Requirements)
        {
            if (text.Length > 0)
            {
                text.Append(',');
            }

            text.Append(r.Operator switch
            {
                SelectionOperator.Exists => r.Key,
                SelectionOperator.DoesNotExist => "!" + r.Key,
                SelectionOperator.Equals => $"{r.Key}={r.Values[0]}",
                SelectionOperator.NotEquals => $"{r.Key}!={r.Values[0]}",
                SelectionOperator.In => $"{r.Key} in ({string.Join(',', r.Values)})",
                SelectionOperator.NotIn => $"{r.Key} notin ({string.Join(',', r.Values)})",
                SelectionOperator.GreaterThan => $"{r.Key}>{r.Values[0]}",
                _ => $"{r.Key}<{r.Values[0]}",
            });
        }

        return text.ToString();
    }

    private static LabelRequirement ParseRequirement(SelectorReader reader)
    {
        reader.SkipSpaces();
        if (reader.TryConsume('!'))
        {
            var absent = ReadKey(reader);
            return new LabelRequirement(absent, SelectionOperator.DoesNotExist, []);
        }

        var key = ReadKey(reader);
        reader.SkipSpaces();
        if (reader.AtEnd || reader.Peek() == ',')
        {
            return new LabelRequirement(key, SelectionOperator.Exists, []);
        }

        if (reader.TryConsume("=="))
        {
            return new LabelRequirement(key, SelectionOperator.Equals, [ReadValue(reader)]);
        }

        if (reader.TryConsume("!="))
        {
            return new LabelRequirement(key, SelectionOperator.NotEquals, [ReadValue(reader)]);
        }

        if (reader.TryConsume('='))
        {
            return new LabelRequirement(key, SelectionOperator.Equals, [ReadValue(reader)]);
        }

        if (reader.TryConsume('>') || reader.TryConsume('<'))
        {
            var op = reader.Previous == '>' ? SelectionOperator.GreaterThan : SelectionOperator.LessThan;
            var number = ReadValue(reader);
            if (!long.TryParse(number, out _))
            {
                throw reader.Error($"for '>' and '<', the value must be an integer, not \"{number}\"");
            }

            return new LabelRequirement(key, op, [number]);
        }

        var word = reader.ReadWord();
        var setOperator = word switch
        {
            "in" => SelectionOperator.In,
            "notin" => SelectionOperator.NotIn,
            _ => throw reader.Error(
                $"found '{word}', expected: '=', '!=', '==', 'in', 'notin', '>' or '<' after key \"{key}\""),
        };
        return new LabelRequirement(key, setOperator, ReadValueSet(reader));
    }

    private static List<string> ReadValueSet(SelectorReader reader)
    {
        reader.SkipSpaces();
        if (!reader.TryConsume('('))
        {
            throw reader.Error("expected '(' to open a set of values");
        }

        var values = new List<string>();
        while (true)
        {
            reader.SkipSpaces();
            if (reader.TryConsume(')'))
            {
                break;
            }

            values.Add(ReadValue(reader));
            reader.SkipSpaces();
            if (reader.TryConsume(')'))
            {
                break;
            }

            if (!reader.TryConsume(','))
            {
                throw reader.Error("expected ',' or ')' in a set of values");
            }
        }

        if (values.Count == 0)
        {
            throw reader.Error("a set of values must not be empty");
        }

        return values;
    }

    private static string ReadKey(SelectorReader reader)
    {
        reader.SkipSpaces();
        var key = reader.ReadWhile(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '/');
        if (key.Length == 0)
        {
            throw reader.Error("expected a label key");
        }

        var error = LabelSyntax.ValidateKey(key);
        return error is null ? key : throw reader.Error($"invalid label key \"{key}\": {error}");
    }

    private static string ReadValue(SelectorReader reader)
    {
        reader.SkipSpaces();
        var value = reader.ReadWhile(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');
        var error = LabelSyntax.ValidateValue(value);
        return error is null ? value : throw reader.Error($"invalid label value \"{value}\": {error}");
    }
}
