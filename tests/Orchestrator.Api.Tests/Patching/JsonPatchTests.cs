using System.Text;
using System.Text.Json.Nodes;
using Orchestrator.Api.Patching;
using Orchestrator.Api.Server;

namespace Orchestrator.Api.Tests.Patching;

[TestClass]
[TestCategory("Unit")]
public sealed class JsonPatchTests
{
    private const string Rejected = "the server rejected our request due to an error in our request";

    private const string Deployment =
        """{"spec":{"replicas":1,"template":{"spec":{"containers":[{"name":"app","image":"a:1","args":["-v"]}]}}}}""";

    public static IEnumerable<object[]> Cases =>
    [
        ["add a member", """{"a":1}""", """[{"op":"add","path":"/b","value":2}]""", """{"a":1,"b":2}"""],
        ["add replaces a member", """{"a":1}""", """[{"op":"add","path":"/a","value":[1]}]""", """{"a":[1]}"""],
        [
            "add inserts at an index",
            """{"l":[1,3]}""",
            """[{"op":"add","path":"/l/1","value":2}]""",
            """{"l":[1,2,3]}""",
        ],
        ["add at the length appends", """{"l":[1]}""", """[{"op":"add","path":"/l/1","value":2}]""", """{"l":[1,2]}"""],
        [
            "add at - appends",
            """{"l":[1]}""",
            """[{"op":"add","path":"/l/-","value":{"x":1}}]""",
            """{"l":[1,{"x":1}]}""",
        ],
        [
            "add at the root replaces the document",
            """{"a":1}""",
            """[{"op":"add","path":"","value":{"b":2}}]""",
            """{"b":2}""",
        ],
        ["add a null value", """{}""", """[{"op":"add","path":"/n","value":null}]""", """{"n":null}"""],
        ["remove a member", """{"a":1,"b":2}""", """[{"op":"remove","path":"/a"}]""", """{"b":2}"""],
        ["remove an item", """{"l":[1,2,3]}""", """[{"op":"remove","path":"/l/0"}]""", """{"l":[2,3]}"""],
        [
            "replace a member",
            """{"a":{"b":1}}""",
            """[{"op":"replace","path":"/a/b","value":"x"}]""",
            """{"a":{"b":"x"}}""",
        ],
        ["replace an item", """{"l":[1,2]}""", """[{"op":"replace","path":"/l/1","value":9}]""", """{"l":[1,9]}"""],
        [
            "move a member",
            """{"a":{"b":1},"c":{}}""",
            """[{"op":"move","from":"/a/b","path":"/c/d"}]""",
            """{"a":{},"c":{"d":1}}""",
        ],
        [
            "move an item to the end",
            """{"l":[1,2,3]}""",
            """[{"op":"move","from":"/l/0","path":"/l/-"}]""",
            """{"l":[2,3,1]}""",
        ],
        ["move onto itself", """{"a":1}""", """[{"op":"move","from":"/a","path":"/a"}]""", """{"a":1}"""],
        [
            "copy a subtree",
            """{"a":{"b":[1]}}""",
            """[{"op":"copy","from":"/a","path":"/c"}]""",
            """{"a":{"b":[1]},"c":{"b":[1]}}""",
        ],
        [
            "test then replace",
            """{"metadata":{"labels":{"A":"true"}}}""",
            """
            [{"op":"test","path":"/metadata/labels/A","value":"true"},{"op":"replace","path":"/metadata/labels/A",
            "value":"false"}]
            """,
            """{"metadata":{"labels":{"A":"false"}}}""",
        ],
        [
            "test compares deeply",
            """{"a":{"x":[1,{"y":2}]}}""",
            """[{"op":"test","path":"/a","value":{"x":[1,{"y":2}]}}]""",
            """{"a":{"x":[1,{"y":2}]}}""",
        ],
        [
            "~1 is a slash and ~0 a tilde",
            """{"metadata":{"annotations":{"example.com/owner":"a","x~y":"b"}}}""",
            """
            [{"op":"replace","path":"/metadata/annotations/example.com~1owner","value":"c"},{"op":"remove",
            "path":"/metadata/annotations/x~0y"}]
            """,
            """{"metadata":{"annotations":{"example.com/owner":"c"}}}""",
        ],
        [
            "kubectl patch --type json replicas",
            Deployment,
            """[{"op":"replace","path":"/spec/replicas","value":5}]""",
            """
            {"spec":{"replicas":5,"template":{"spec":{"containers":[{"name":"app","image":"a:1","args":["-v"]}]}}}}
            """,
        ],
        [
            "kubectl patch --type json appends an arg",
            Deployment,
            """[{"op":"add","path":"/spec/template/spec/containers/0/args/-","value":"--x"}]""",
            """
            {"spec":{"replicas":1,"template":{"spec":{"containers":[{"name":"app","image":"a:1","args":["-v",
            "--x"]}]}}}}
            """,
        ],
        [
            "operations apply in order",
            """{}""",
            """[{"op":"add","path":"/a","value":{}},{"op":"add","path":"/a/b","value":1}]""",
            """{"a":{"b":1}}""",
        ],
        ["no operations", """{"a":1}""", """[]""", """{"a":1}"""],
    ];

    public static IEnumerable<object[]> Failures =>
    [
        ["remove a missing member", """{"a":1}""", """[{"op":"remove","path":"/b"}]"""],
        ["remove at -", """{"l":[1]}""", """[{"op":"remove","path":"/l/-"}]"""],
        ["remove the root", """{"a":1}""", """[{"op":"remove","path":""}]"""],
        ["replace a missing member", """{"a":1}""", """[{"op":"replace","path":"/b","value":1}]"""],
        ["add under a missing parent", """{"a":1}""", """[{"op":"add","path":"/x/y","value":1}]"""],
        ["add past the end", """{"l":[1]}""", """[{"op":"add","path":"/l/2","value":1}]"""],
        ["an index with a leading zero", """{"l":[1,2]}""", """[{"op":"replace","path":"/l/01","value":1}]"""],
        ["a negative index", """{"l":[1,2]}""", """[{"op":"replace","path":"/l/-1","value":1}]"""],
        ["a failed test", """{"a":"x"}""", """[{"op":"test","path":"/a","value":"y"}]"""],
        ["a test of a missing path", """{"a":1}""", """[{"op":"test","path":"/b","value":1}]"""],
        ["an unknown op", """{"a":1}""", """[{"op":"frobnicate","path":"/a"}]"""],
        ["no op", """{"a":1}""", """[{"path":"/a","value":1}]"""],
        ["no path", """{"a":1}""", """[{"op":"add","value":1}]"""],
        ["add without a value", """{"a":1}""", """[{"op":"add","path":"/b"}]"""],
        ["move without from", """{"a":1}""", """[{"op":"move","path":"/b"}]"""],
        ["move into its own child", """{"a":{"b":1}}""", """[{"op":"move","from":"/a","path":"/a/b/c"}]"""],
        ["copy from a missing path", """{"a":1}""", """[{"op":"copy","from":"/z","path":"/b"}]"""],
        ["a path without a leading slash", """{"a":1}""", """[{"op":"replace","path":"a","value":1}]"""],
        ["a bad ~ escape", """{"a~2":1}""", """[{"op":"remove","path":"/a~2"}]"""],
        [
            "a failure after a success",
            """{"a":1}""",
            """[{"op":"add","path":"/b","value":2},{"op":"remove","path":"/c"}]""",
        ],
    ];

    [TestMethod]
    [DynamicData(nameof(Cases))]
    public void Apply_Case_GivesExpectedDocument(string name, string original, string operations, string expected)
    {
        var target = JsonAssert.Parse(original)!;
        var ops = (JsonArray)JsonAssert.Parse(operations)!;

        var result = JsonPatch.Apply(target, ops);

        JsonAssert.AreEqual(expected, result, name);
        JsonAssert.Unchanged(original, target, "target");
        JsonAssert.Unchanged(operations, ops, "operations");
    }

    [TestMethod]
    [DynamicData(nameof(Failures))]
    public void Apply_OperationThatDoesNotApply_Is422InvalidWithTheApiserversMessage(
        string name, string original, string operations)
    {
        var target = JsonAssert.Parse(original)!;

        var error = Assert.ThrowsExactly<ApiException>(
            () => JsonPatch.Apply(target, (JsonArray)JsonAssert.Parse(operations)!), name);

        Assert.AreEqual(422, error.Code, name);
        Assert.AreEqual("Invalid", error.Reason, name);
        Assert.AreEqual(Rejected, error.Message, name);
        Assert.IsNotNull(error.Details, name);
        Assert.IsNotNull(error.Data["patchCause"], name);
        JsonAssert.Unchanged(original, target, "target");
    }

    [TestMethod]
    [DataRow("""{"op":"add","path":"/a"}""", "json: cannot unmarshal object into Go value of type jsonpatch.Patch")]
    [DataRow("\"x\"", "json: cannot unmarshal string into Go value of type jsonpatch.Patch")]
    [DataRow("[1]", "json: cannot unmarshal number into Go value of type jsonpatch.Operation")]
    [DataRow("[[]]", "json: cannot unmarshal array into Go value of type jsonpatch.Operation")]
    public void ParseOperations_BodyNotAListOfObjects_Is400BadRequest(string body, string message)
    {
        var error = Assert.ThrowsExactly<ApiException>(() => JsonPatch.ParseOperations(Encoding.UTF8.GetBytes(body)));

        Assert.AreEqual(400, error.Code);
        Assert.AreEqual("BadRequest", error.Reason);
        Assert.AreEqual(message, error.Message);
    }

    [TestMethod]
    public void ParseOperations_InvalidJson_Is400BadRequest()
    {
        var error = Assert.ThrowsExactly<ApiException>(() => JsonPatch.ParseOperations("[{\"op\":"u8));

        Assert.AreEqual(400, error.Code);
        Assert.AreEqual("BadRequest", error.Reason);
    }

    [TestMethod]
    public void ParseOperations_ListOfOperations_ReadsThem()
    {
        var operations = JsonPatch.ParseOperations("""[{"op":"remove","path":"/a"}]"""u8);

        Assert.HasCount(1, operations);
    }

    [TestMethod]
    public void ParseOperations_Null_IsNoOperation()
    {
        var operations = JsonPatch.ParseOperations("null"u8);

        Assert.IsEmpty(operations);
    }

    [TestMethod]
    public void Apply_ElementNotAnObject_Is400BadRequest()
    {
        var error = Assert.ThrowsExactly<ApiException>(
            () => JsonPatch.Apply(new JsonObject(), new JsonArray(JsonValue.Create("add"))));

        Assert.AreEqual(400, error.Code);
    }

    [TestMethod]
    public void Apply_MoreThanTenThousandOperations_Is413()
    {
        var operations = new JsonArray();
        for (var i = 0; i <= JsonPatch.MaxOperations; i++)
        {
            operations.Add(new JsonObject { ["op"] = "test", ["path"] = "/a", ["value"] = 1 });
        }

        var error = Assert.ThrowsExactly<ApiException>(() => JsonPatch.Apply(new JsonObject { ["a"] = 1 }, operations));

        Assert.AreEqual(413, error.Code);
        Assert.AreEqual("The allowed maximum operations in a JSON patch is 10000, got 10001", error.Message);
    }

    [TestMethod]
    public void Apply_ReplaceRootWithNull_Is422()
    {
        var error = Assert.ThrowsExactly<ApiException>(() => JsonPatch.Apply(
            new JsonObject(), (JsonArray)JsonAssert.Parse("""[{"op":"replace","path":"","value":null}]""")!));

        Assert.AreEqual(422, error.Code);
    }
}
