using System.Text.Json.Nodes;

namespace Orchestrator.Api.Schema;

/// <summary>
/// What the API knows about one place in an object: its JSON shape, its properties or items, and how patches merge
/// it. Strategic merge reads <see cref="PatchStrategy"/> and <see cref="PatchMergeKey"/>; server-side apply reads
/// <see cref="ListType"/> and <see cref="ListMapKeys"/>; strict validation reads the properties.
/// </summary>
public sealed class SchemaNode
{
    public SchemaNode(SchemaType type) => Type = type;

    public SchemaType Type { get; }

    /// <summary>
    /// The name of the model type this node describes (for example <c>io.k8s.api.core.v1.Container</c>).
    /// </summary>
    public string? TypeName { get; set; }

    public string? Description { get; set; }

    /// <summary>The description of the type <see cref="TypeName"/> names, whatever property it sits at.</summary>
    public string? TypeDescription { get; set; }

    /// <summary>The OpenAPI format of a scalar: <c>int32</c>, <c>int64</c>, <c>double</c>, or null.</summary>
    public string? Format { get; set; }

    /// <summary>The properties of an <see cref="SchemaType.Object"/>, by JSON name.</summary>
    public Dictionary<string, SchemaNode> Properties { get; } = new(StringComparer.Ordinal);

    /// <summary>The properties an object must have.</summary>
    public HashSet<string> Required { get; } = new(StringComparer.Ordinal);

    /// <summary>The schema of an array's items or of a map's values.</summary>
    public SchemaNode? Items { get; set; }

    /// <summary>
    /// Strategic merge: <c>merge</c>, <c>retainKeys</c>, <c>merge,retainKeys</c>, <c>replace</c>, or null.
    /// </summary>
    public string? PatchStrategy { get; set; }

    /// <summary>Strategic merge: the key that identifies an item of a merged list of objects.</summary>
    public string? PatchMergeKey { get; set; }

    /// <summary>Server-side apply: <c>atomic</c>, <c>set</c> or <c>map</c> for lists; null reads as atomic.</summary>
    public string? ListType { get; set; }

    /// <summary>Server-side apply: the keys that identify an item of a <c>map</c> list.</summary>
    public IReadOnlyList<string> ListMapKeys { get; set; } = [];

    /// <summary>
    /// Server-side apply: <c>atomic</c> or <c>granular</c> for maps and objects; null reads as granular.
    /// </summary>
    public string? MapType { get; set; }

    /// <summary>
    /// The value the server defaults this field to (for example <c>TCP</c> for a port's protocol). Server-side apply
    /// reads it to key an item of a <c>map</c> list whose key field the client left out.
    /// </summary>
    public JsonNode? Default { get; set; }

    public bool MergesList => PatchStrategy?.Split(',').Contains("merge") == true;

    public bool RetainsKeys => PatchStrategy?.Split(',').Contains("retainKeys") == true;

    public SchemaNode? Property(string name) => Properties.GetValueOrDefault(name);
}
