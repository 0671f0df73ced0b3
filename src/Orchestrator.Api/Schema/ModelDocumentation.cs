using System.Text;
using System.Xml;
using System.Xml.Linq;

namespace Orchestrator.Api.Schema;

/// <summary>
/// The descriptions of the client's model types and their properties, read from the XML documentation file the
/// KubernetesClient package ships (copied next to the assembly at build). Without that file every description is
/// null: the schema still works, <c>kubectl explain</c> only prints less.
/// </summary>
public sealed class ModelDocumentation
{
    private const string ModelPrefix = "k8s.Models.";

    private readonly Dictionary<string, string> _summaries;

    private ModelDocumentation(Dictionary<string, string> summaries) => _summaries = summaries;

    public static ModelDocumentation Empty { get; } = new([]);

    /// <summary>Reads the documentation file beside the client assembly, or returns <see cref="Empty"/>.</summary>
    public static ModelDocumentation Load()
    {
        var assembly = typeof(k8s.Models.V1Pod).Assembly.Location;
        var file = Path.ChangeExtension(assembly, ".xml");
        return assembly.Length > 0 && File.Exists(file) ? Load(file) : Empty;
    }

    /// <summary>Reads the <c>summary</c> of every model member of an XML documentation file.</summary>
    public static ModelDocumentation Load(string path)
    {
        var summaries = new Dictionary<string, string>(StringComparer.Ordinal);
        using var reader = XmlReader.Create(path, new XmlReaderSettings { IgnoreComments = true });
        string? member = null;
        while (reader.Read())
        {
            if (reader.NodeType != XmlNodeType.Element)
            {
                continue;
            }

            if (reader.Name == "member")
            {
                var name = reader.GetAttribute("name");
                member = name is not null && name.Length > 2 && name.AsSpan(2).StartsWith(ModelPrefix)
                    ? name
                    : null;
            }
            else if (reader.Name == "summary" && member is not null)
            {
                summaries[member] = Normalize(XElement.Load(reader.ReadSubtree()).Value);
                member = null;
            }
        }

        return new ModelDocumentation(summaries);
    }

    public string? OfType(Type modelType) => _summaries.GetValueOrDefault("T:" + modelType.FullName);

    public string? OfProperty(Type modelType, string propertyName) =>
        _summaries.GetValueOrDefault($"P:{modelType.FullName}.{propertyName}");

    // The file wraps summaries over indented lines; blank lines separate paragraphs.
    private static string Normalize(string text)
    {
        var result = new StringBuilder();
        var pendingBreak = false;
        foreach (var line in text.Split('\n'))
        {
            var trimmed = line.Trim();
            if (trimmed.Length == 0)
            {
                pendingBreak = result.Length > 0;
                continue;
            }

            if (result.Length > 0)
            {
                result.Append(pendingBreak ? "\n\n" : " ");
            }

            result.Append(trimmed);
            pendingBreak = false;
        }

        return result.ToString();
    }
}
