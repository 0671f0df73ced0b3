using System.Text.Json.Nodes;

namespace Orchestrator.Api.Tests.Patching;

/// <summary>Compares JSON by meaning (keys in any order, list items in order) and shows both on failure.</summary>
internal static class JsonAssert
{
    public static JsonNode? Parse(string json) => JsonNode.Parse(json);

    public static void AreEqual(string expected, JsonNode? actual, string because)
    {
        var wanted = Parse(expected);
        Assert.IsTrue(
            JsonNode.DeepEquals(wanted, actual),
            $"{because}\nexpected: {wanted?.ToJsonString() ?? "null"}\nactual:   {actual?.ToJsonString() ?? "null"}");
    }

    public static void Unchanged(string before, JsonNode? after, string what) =>
        AreEqual(before, after, $"the {what} must not be changed");
}
