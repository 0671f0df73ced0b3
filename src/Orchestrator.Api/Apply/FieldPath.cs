namespace Orchestrator.Api.Apply;

/// <summary>
/// A path to one field of an object, such as <c>.spec.template.spec.containers[name="app"].image</c>: the form
/// conflicts name fields in.
/// </summary>
public sealed class FieldPath(IReadOnlyList<PathElement> elements)
{
    public IReadOnlyList<PathElement> Elements { get; } = elements;

    /// <summary>A path of field names only, written with dots: <c>spec.replicas</c> or <c>.spec.replicas</c>.</summary>
    public static FieldPath OfFields(string dotted) =>
        new(dotted.Split('.', StringSplitOptions.RemoveEmptyEntries).Select(PathElement.Field).ToList());

    public FieldPath Append(PathElement element) => new([.. Elements, element]);

    public override string ToString() => string.Concat(Elements.Select(e => e.ToString()));
}
