using System.Text.Json.Nodes;
using Orchestrator.Api.Patching;
using Orchestrator.Api.Schema;
using Orchestrator.Api.Server;

namespace Orchestrator.Api.Tests.Patching;

[TestClass]
[TestCategory("Unit")]
public sealed partial class StrategicMergePatchTests
{
    [TestMethod]
    [DynamicData(nameof(Cases))]
    public void Apply_Case_GivesExpectedObject(
        string name, string schema, string original, string patch, string expected)
    {
        var target = (JsonObject)JsonAssert.Parse(original)!;
        var patchObject = (JsonObject)JsonAssert.Parse(patch)!;

        var result = StrategicMergePatch.Apply(target, patchObject, SchemaNamed(schema));

        JsonAssert.AreEqual(expected, result, name);
        JsonAssert.Unchanged(original, target, "original");
        JsonAssert.Unchanged(patch, patchObject, "patch");
    }

    [TestMethod]
    [DynamicData(nameof(Failures))]
    public void Apply_BadPatch_ThrowsStatus(string name, string original, string patch, int code, string fragment)
    {
        var target = (JsonObject)JsonAssert.Parse(original)!;

        var error = Assert.ThrowsExactly<ApiException>(
            () => StrategicMergePatch.Apply(target, (JsonObject)JsonAssert.Parse(patch)!, PatchSchemas.Deployment),
            name);

        Assert.AreEqual(code, error.Code, name);
        Assert.AreEqual(code == 400 ? "BadRequest" : "Invalid", error.Reason, name);
        Assert.Contains(fragment, error.Message, name);
        JsonAssert.Unchanged(original, target, "original");
    }

    [TestMethod]
    public void Apply_Result_SharesNoNodeWithTheInputs()
    {
        var original = (JsonObject)JsonAssert.Parse("""{"spec":{"replicas":1,"selector":{"a":"b"}}}""")!;
        var patch = (JsonObject)JsonAssert.Parse("""{"spec":{"strategy":{"type":"Recreate"}}}""")!;

        var result = StrategicMergePatch.Apply(original, patch, PatchSchemas.Deployment);
        result["spec"]!["selector"]!["a"] = "changed";
        result["spec"]!["strategy"]!["type"] = "changed";

        JsonAssert.Unchanged("""{"spec":{"replicas":1,"selector":{"a":"b"}}}""", original, "original");
        JsonAssert.Unchanged("""{"spec":{"strategy":{"type":"Recreate"}}}""", patch, "patch");
    }

    private static SchemaNode? SchemaNamed(string name) => name switch
    {
        "deployment" => PatchSchemas.Deployment,
        "pod" => PatchSchemas.Pod,
        "none" => null,
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "no such test schema"),
    };
}
