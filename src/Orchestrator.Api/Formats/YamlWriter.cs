using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using YamlDotNet.Serialization;

namespace Orchestrator.Api.Formats;

/// <summary>Writes JSON values as YAML, quoting the strings that would otherwise read as other types.</summary>
public static class YamlWriter
{
    private static readonly ISerializer Serializer = new SerializerBuilder().WithQuotingNecessaryStrings().Build();

    public static string ToYaml(JsonNode? value) => Serializer.Serialize(ToPlain(value));

    private static object? ToPlain(JsonNode? value) => value switch
    {
        null => null,
        JsonObject obj => obj.ToDictionary(p => p.Key, p => ToPlain(p.Value)),
        JsonArray array => array.Select(ToPlain).ToList(),
        _ => value.GetValueKind() switch
        {
            JsonValueKind.String => value.GetValue<string>(),
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            JsonValueKind.Number when long.TryParse(value.ToJsonString(), out var whole) => whole,
            JsonValueKind.Number => double.Parse(value.ToJsonString(), CultureInfo.InvariantCulture),
            _ => value.ToJsonString(),
        },
    };
}
