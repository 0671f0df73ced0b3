using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Orchestrator.Api.Apply;

/// <summary>
/// One step of a field path: a field name, the key of an item of a <c>map</c> list, the value of an item of a
/// <c>set</c> list, or a position. Two elements are equal when their <c>fieldsV1</c> encodings are equal; they sort
/// as structured-merge-diff sorts them (fields, then keys, then values, then positions).
/// </summary>
public sealed class PathElement : IEquatable<PathElement>, IComparable<PathElement>
{
    private PathElement(PathElementKind kind, string encoded)
    {
        Kind = kind;
        Encoded = encoded;
    }

    public PathElementKind Kind { get; }

    /// <summary>The element as a key of a <c>fieldsV1</c> object, for example <c>f:spec</c>.</summary>
    public string Encoded { get; }

    public string? FieldName { get; private init; }

    /// <summary>The key fields of a <see cref="PathElementKind.Key"/> element, sorted by name.</summary>
    public IReadOnlyList<KeyValuePair<string, JsonNode?>> KeyFields { get; private init; } = [];

    public JsonNode? Value { get; private init; }

    public int Index { get; private init; }

    public static PathElement Field(string name) => new(PathElementKind.Field, "f:" + name) { FieldName = name };

    public static PathElement Key(IEnumerable<KeyValuePair<string, JsonNode?>> fields)
    {
        var sorted = fields
            .Select(f => new KeyValuePair<string, JsonNode?>(f.Key, f.Value?.DeepClone()))
            .OrderBy(f => f.Key, StringComparer.Ordinal)
            .ToList();
        var encoded = "k:{" + string.Join(",", sorted.Select(f => $"{GoJson.Quote(f.Key)}:{GoJson.Write(f.Value)}")) +
            "}";
        return new(PathElementKind.Key, encoded) { KeyFields = sorted };
    }

    public static PathElement ValueOf(JsonNode? value) =>
        new(PathElementKind.Value, "v:" + GoJson.Write(value)) { Value = value?.DeepClone() };

    public static PathElement Position(int index) =>
        new(PathElementKind.Index, "i:" + index.ToString(CultureInfo.InvariantCulture)) { Index = index };

    /// <summary>
    /// Reads a <c>fieldsV1</c> key. Returns null for a key of a kind this server does not know (the apiserver skips
    /// those too); throws <see cref="FormatException"/> for a malformed one.
    /// </summary>
    public static PathElement? Parse(string encoded)
    {
        if (encoded.Length < 2 || encoded[1] != ':')
        {
            throw new FormatException($"field path element \"{encoded}\" has no type prefix");
        }

        var body = encoded[2..];
        try
        {
            return encoded[0] switch
            {
                'f' => Field(body),
                'k' => Key(JsonNode.Parse(body) is JsonObject keys
                    ? keys.Select(p => new KeyValuePair<string, JsonNode?>(p.Key, p.Value))
                    : throw new FormatException($"field path element \"{encoded}\" has no key object")),
                'v' => ValueOf(JsonNode.Parse(body)),
                'i' => Position(int.Parse(body, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture)),
                _ => null,
            };
        }
        catch (JsonException e)
        {
            throw new FormatException($"field path element \"{encoded}\" is not valid JSON: {e.Message}", e);
        }
        catch (OverflowException e)
        {
            throw new FormatException($"field path element \"{encoded}\" has an index out of range", e);
        }
    }

    public bool Equals(PathElement? other) => other is not null && Encoded == other.Encoded;

    public override bool Equals(object? obj) => obj is PathElement other && Equals(other);

    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Encoded);

    public int CompareTo(PathElement? other)
    {
        if (other is null)
        {
            return 1;
        }

        if (Kind != other.Kind)
        {
            return Kind.CompareTo(other.Kind);
        }

        return Kind switch
        {
            PathElementKind.Field => string.CompareOrdinal(FieldName, other.FieldName),
            PathElementKind.Key => CompareKeys(KeyFields, other.KeyFields),
            PathElementKind.Value => CompareValues(Value, other.Value),
            _ => Index.CompareTo(other.Index),
        };
    }

    /// <summary>
    /// The element as a conflict path shows it: <c>.image</c>, <c>[name="app"]</c>, <c>[="a"]</c>, <c>[0]</c>.
    /// </summary>
    public override string ToString() => Kind switch
    {
        PathElementKind.Field => "." + FieldName,
        PathElementKind.Key =>
            "[" + string.Join(",", KeyFields.Select(f => $"{f.Key}={GoJson.Display(f.Value)}")) + "]",
        PathElementKind.Value => "[=" + GoJson.Display(Value) + "]",
        _ => "[" + Index.ToString(CultureInfo.InvariantCulture) + "]",
    };

    private static int CompareKeys(
        IReadOnlyList<KeyValuePair<string, JsonNode?>> left, IReadOnlyList<KeyValuePair<string, JsonNode?>> right)
    {
        for (var i = 0; i < Math.Min(left.Count, right.Count); i++)
        {
            var byName = string.CompareOrdinal(left[i].Key, right[i].Key);
            if (byName != 0)
            {
                return byName;
            }

            var byValue = CompareValues(left[i].Value, right[i].Value);
            if (byValue != 0)
            {
                return byValue;
            }
        }

        return left.Count.CompareTo(right.Count);
    }

    private static int CompareValues(JsonNode? left, JsonNode? right)
    {
        var (leftRank, rightRank) = (Rank(left), Rank(right));
        if (leftRank != rightRank)
        {
            return leftRank.CompareTo(rightRank);
        }

        return leftRank switch
        {
            0 => GoJson.NumberOf(left!).CompareTo(GoJson.NumberOf(right!)),
            1 => string.CompareOrdinal(left!.GetValue<string>(), right!.GetValue<string>()),
            2 => (left!.GetValueKind() == JsonValueKind.True).CompareTo(right!.GetValueKind() == JsonValueKind.True),
            5 => 0,
            _ => string.CompareOrdinal(GoJson.Write(left), GoJson.Write(right)),
        };
    }

    private static int Rank(JsonNode? value) => value?.GetValueKind() switch
    {
        JsonValueKind.Number => 0,
        JsonValueKind.String => 1,
        JsonValueKind.True or JsonValueKind.False => 2,
        JsonValueKind.Array => 3,
        JsonValueKind.Object => 4,
        _ => 5,
    };
}
