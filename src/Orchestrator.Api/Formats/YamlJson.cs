using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Orchestrator.Api.Formats;

/// <summary>
/// Reads YAML documents as JSON nodes with the YAML 1.2 core schema Kubernetes uses: plain scalars become null,
/// booleans and numbers when they look like them, quoted scalars stay strings.
/// </summary>
public static partial class YamlJson
{
    /// <summary>
    /// Parses the first document of a YAML text; throws <see cref="FormatException"/> when malformed.
    /// </summary>
    public static ParsedBody Parse(string yaml)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException error)
        {
            throw new FormatException($"error converting YAML to JSON: yaml: {error.Message}", error);
        }

        var duplicates = new List<string>();
        var value = stream.Documents.Count == 0 ? null : Convert(stream.Documents[0].RootNode, "", duplicates);
        return new ParsedBody(value, duplicates);
    }

    private static JsonNode? Convert(YamlNode node, string path, List<string> duplicates)
    {
        switch (node)
        {
            case YamlMappingNode mapping:
                var obj = new JsonObject();
                foreach (var (keyNode, valueNode) in mapping.Children)
                {
                    var key = ((YamlScalarNode)keyNode).Value ?? "";
                    var childPath = path.Length == 0 ? key : $"{path}.{key}";
                    if (obj.Remove(key))
                    {
                        duplicates.Add(childPath);
                    }

                    obj[key] = Convert(valueNode, childPath, duplicates);
                }

                return obj;
            case YamlSequenceNode sequence:
                var array = new JsonArray();
                var index = 0;
                foreach (var item in sequence.Children)
                {
                    array.Add(Convert(item, $"{path}[{index++}]", duplicates));
                }

                return array;
            case YamlScalarNode scalar:
                return Scalar(scalar);
            default:
                return null;
        }
    }

    private static JsonNode? Scalar(YamlScalarNode scalar)
    {
        var text = scalar.Value ?? "";
        if (scalar.Style is ScalarStyle.SingleQuoted or ScalarStyle.DoubleQuoted or ScalarStyle.Literal
            or ScalarStyle.Folded)
        {
            return JsonValue.Create(text);
        }

        switch (text)
        {
            case "" or "~" or "null" or "Null" or "NULL":
                return null;
            case "true" or "True" or "TRUE":
                return JsonValue.Create(true);
            case "false" or "False" or "FALSE":
                return JsonValue.Create(false);
        }

        if (Integer().IsMatch(text) &&
            long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number))
        {
            return JsonValue.Create(number);
        }

        if (Float().IsMatch(text) &&
            double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var real))
        {
            return JsonValue.Create(real);
        }

        return JsonValue.Create(text);
    }

    [GeneratedRegex("^[-+]?[0-9]+$")]
    private static partial Regex Integer();

    [GeneratedRegex(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")]
    private static partial Regex Float();
}
