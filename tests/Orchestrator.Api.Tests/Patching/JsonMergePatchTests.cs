using System.Text.Json.Nodes;
using Orchestrator.Api.Patching;

namespace Orchestrator.Api.Tests.Patching;

[TestClass]
[TestCategory("Unit")]
public sealed class JsonMergePatchTests
{
    public static IEnumerable<object[]> Cases =>
    [
        ["adds a key", """{"a":1}""", """{"b":2}""", """{"a":1,"b":2}"""],
        ["replaces a scalar", """{"a":1}""", """{"a":"x"}""", """{"a":"x"}"""],
        ["null removes a key", """{"a":1,"b":2}""", """{"a":null}""", """{"b":2}"""],
        ["null for an absent key changes nothing", """{"a":1}""", """{"z":null}""", """{"a":1}"""],
        [
            "merges nested objects",
            """{"a":{"b":1,"c":2}}""",
            """{"a":{"c":3,"d":4}}""",
            """{"a":{"b":1,"c":3,"d":4}}""",
        ],
        ["replaces a list whole", """{"l":[1,2,3]}""", """{"l":[4]}""", """{"l":[4]}"""],
        [
            "an object replaces a scalar, nulls dropped",
            """{"a":"s"}""",
            """{"a":{"b":null,"c":1}}""",
            """{"a":{"c":1}}""",
        ],
        ["a scalar replaces an object", """{"a":{"b":1}}""", """{"a":7}""", """{"a":7}"""],
        ["a non-object patch replaces the target", """{"a":1}""", """[1,2]""", """[1,2]"""],
        ["an object patch on a non-object target", """["x"]""", """{"a":1,"b":null}""", """{"a":1}"""],
        ["an empty patch changes nothing", """{"a":{"b":[1]}}""", """{}""", """{"a":{"b":[1]}}"""],
        [
            "kubectl label",
            """{"metadata":{"name":"web-0","labels":{"app":"web"}}}""",
            """{"metadata":{"labels":{"tier":"fe"}}}""",
            """{"metadata":{"name":"web-0","labels":{"app":"web","tier":"fe"}}}""",
        ],
        [
            "kubectl label with a trailing dash removes the label",
            """{"metadata":{"labels":{"app":"web","tier":"fe"}}}""",
            """{"metadata":{"labels":{"tier":null}}}""",
            """{"metadata":{"labels":{"app":"web"}}}""",
        ],
        [
            "kubectl scale on /scale",
            """{"kind":"Scale","spec":{"replicas":1},"status":{"replicas":1}}""",
            """{"spec":{"replicas":3}}""",
            """{"kind":"Scale","spec":{"replicas":3},"status":{"replicas":1}}""",
        ],
    ];

    [TestMethod]
    [DynamicData(nameof(Cases))]
    public void Apply_Case_GivesExpectedDocument(string name, string original, string patch, string expected)
    {
        var target = JsonAssert.Parse(original);
        var patchNode = JsonAssert.Parse(patch);

        var result = JsonMergePatch.Apply(target, patchNode);

        JsonAssert.AreEqual(expected, result, name);
        JsonAssert.Unchanged(original, target, "target");
        JsonAssert.Unchanged(patch, patchNode, "patch");
    }

    [TestMethod]
    public void Apply_NullPatch_GivesNull()
    {
        var result = JsonMergePatch.Apply(new JsonObject { ["a"] = 1 }, null);

        Assert.IsNull(result);
    }

    [TestMethod]
    public void Apply_Result_SharesNoNodeWithTheInputs()
    {
        var target = JsonAssert.Parse("""{"keep":{"x":1}}""");
        var patch = JsonAssert.Parse("""{"added":{"y":2}}""");

        var result = JsonMergePatch.Apply(target, patch)!;
        result["keep"]!["x"] = 9;
        result["added"]!["y"] = 9;

        JsonAssert.Unchanged("""{"keep":{"x":1}}""", target, "target");
        JsonAssert.Unchanged("""{"added":{"y":2}}""", patch, "patch");
    }
}
