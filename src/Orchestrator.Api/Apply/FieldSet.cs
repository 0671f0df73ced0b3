using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Orchestrator.Api.Schema;

namespace Orchestrator.Api.Apply;

/// <summary>
/// A set of field paths, as server-side apply tracks ownership: at each level the elements that are members of the
/// set, and the sets below the elements that have members further down. Reads and writes the <c>fieldsV1</c>
/// encoding of <c>metadata.managedFields</c> exactly as kube-apiserver does. The set operations return new sets and
/// leave their operands alone.
/// </summary>
public sealed class FieldSet
{
    private static readonly JsonSerializerOptions Readable =
        new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly SortedSet<PathElement> members = [];
    private readonly SortedDictionary<PathElement, FieldSet> children = [];

    public bool IsEmpty => members.Count == 0 && children.Count == 0;

    /// <summary>The elements that are members at this level.</summary>
    public IReadOnlyCollection<PathElement> Members => members;

    /// <summary>A set of the given field-name paths, for example <c>status</c> or <c>metadata.labels</c>.</summary>
    public static FieldSet OfFields(params string[] dottedPaths)
    {
        var set = new FieldSet();
        foreach (var path in dottedPaths)
        {
            set.Insert(FieldPath.OfFields(path).Elements);
        }

        return set;
    }

    /// <summary>The fields an object defines, given its schema: what an applier owns by applying it.</summary>
    public static FieldSet FromObject(JsonNode? value, SchemaNode? schema) => ObjectFields.Of(value, schema);

    /// <summary>Reads a <c>fieldsV1</c> object; throws <see cref="FormatException"/> when it is malformed.</summary>
    public static FieldSet FromFieldsV1(JsonObject fieldsV1) => Read(fieldsV1) ?? new FieldSet();

    /// <summary>Writes the set as a <c>fieldsV1</c> object, elements sorted, <c>"."</c> first where an element is
    /// both a member and has members below it.</summary>
    public JsonObject ToFieldsV1() => Write(includeSelf: false);

    public void Insert(IReadOnlyList<PathElement> path)
    {
        if (path.Count == 0)
        {
            return;
        }

        var node = this;
        for (var i = 0; i < path.Count - 1; i++)
        {
            node = node.Descend(path[i]);
        }

        node.members.Add(path[^1]);
    }

    public bool Contains(IReadOnlyList<PathElement> path)
    {
        var node = this;
        for (var i = 0; i < path.Count - 1; i++)
        {
            if (!node.children.TryGetValue(path[i], out node))
            {
                return false;
            }
        }

        return path.Count > 0 && node.members.Contains(path[^1]);
    }

    /// <summary>The paths below the element, without the element; empty when there are none.</summary>
    public FieldSet Below(PathElement element) => children.GetValueOrDefault(element) ?? new FieldSet();

    /// <summary>Whether the element or anything below it is in the set.</summary>
    public bool Touches(PathElement element) => members.Contains(element) || children.ContainsKey(element);

    public bool HasBelow(PathElement element) => children.ContainsKey(element);

    /// <summary>Every path in the set: this level's members first, then each element's paths, sorted.</summary>
    public IEnumerable<FieldPath> Paths() => Paths([]);

    public FieldSet Union(FieldSet other)
    {
        var result = Copy();
        result.UnionWith(other);
        return result;
    }

    public FieldSet Intersection(FieldSet other)
    {
        var result = new FieldSet();
        foreach (var member in members.Where(other.members.Contains))
        {
            result.members.Add(member);
        }

        foreach (var (element, below) in children)
        {
            if (other.children.TryGetValue(element, out var otherBelow))
            {
                result.AddChild(element, below.Intersection(otherBelow));
            }
        }

        return result;
    }

    /// <summary>The paths of this set not in the other; a member taken away leaves the paths below it.</summary>
    public FieldSet Difference(FieldSet other)
    {
        var result = new FieldSet();
        foreach (var member in members.Where(m => !other.members.Contains(m)))
        {
            result.members.Add(member);
        }

        foreach (var (element, below) in children)
        {
            result.AddChild(
                element,
                other.children.TryGetValue(element, out var otherBelow) ? below.Difference(otherBelow) : below.Copy());
        }

        return result;
    }

    /// <summary>The paths of this set that neither are in the other nor lie below one of its members.</summary>
    public FieldSet RecursiveDifference(FieldSet other)
    {
        var result = new FieldSet();
        foreach (var member in members.Where(m => !other.members.Contains(m)))
        {
            result.members.Add(member);
        }

        foreach (var (element, below) in children)
        {
            if (other.members.Contains(element))
            {
                continue;
            }

            result.AddChild(
                element,
                other.children.TryGetValue(element, out var otherBelow)
                    ? below.RecursiveDifference(otherBelow)
                    : below.Copy());
        }

        return result;
    }

    public bool SetEquals(FieldSet other) => ToString() == other.ToString();

    /// <summary>The <c>fieldsV1</c> JSON, quotes written plainly.</summary>
    public override string ToString() => ToFieldsV1().ToJsonString(Readable);

    private static FieldSet? Read(JsonObject encoded)
    {
        FieldSet? set = null;
        foreach (var (key, value) in encoded)
        {
            if (key == ".")
            {
                continue;
            }

            var element = PathElement.Parse(key);
            if (element is null)
            {
                continue;
            }

            if (value is not JsonObject inner)
            {
                throw new FormatException($"the value of \"{key}\" in fieldsV1 is not an object");
            }

            set ??= new FieldSet();
            var below = Read(inner);
            if (below is null || inner.ContainsKey("."))
            {
                set.members.Add(element);
            }

            if (below is not null)
            {
                set.AddChild(element, below);
            }
        }

        return set;
    }

    private JsonObject Write(bool includeSelf)
    {
        var result = new JsonObject();
        if (includeSelf)
        {
            result["."] = new JsonObject();
        }

        foreach (var element in members.Union(children.Keys).Order())
        {
            result[element.Encoded] = children.TryGetValue(element, out var below)
                ? below.Write(members.Contains(element))
                : new JsonObject();
        }

        return result;
    }

    private IEnumerable<FieldPath> Paths(List<PathElement> prefix)
    {
        foreach (var member in members)
        {
            yield return new FieldPath([.. prefix, member]);
        }

        foreach (var (element, below) in children)
        {
            foreach (var path in below.Paths([.. prefix, element]))
            {
                yield return path;
            }
        }
    }

    private FieldSet Descend(PathElement element)
    {
        if (!children.TryGetValue(element, out var below))
        {
            below = new FieldSet();
            children[element] = below;
        }

        return below;
    }

    private void AddChild(PathElement element, FieldSet below)
    {
        if (!below.IsEmpty)
        {
            children[element] = below;
        }
    }

    private void UnionWith(FieldSet other)
    {
        members.UnionWith(other.members);
        foreach (var (element, below) in other.children)
        {
            Descend(element).UnionWith(below);
        }
    }

    private FieldSet Copy()
    {
        var copy = new FieldSet();
        copy.UnionWith(this);
        return copy;
    }
}
