using System.Text;
using System.Text.Json.Nodes;
using Orchestrator.Api.Schema;
using Orchestrator.Api.Validation;

namespace Orchestrator.Api.Tests.Validation;

[TestClass]
public sealed class FieldValidationTests
{
    private static SchemaNode Deployment => ModelSchemaCatalog.Default.FindKind("apps", "v1", "Deployment")!;

    [TestMethod]
    [TestCategory("Unit")]
    [DataRow("""{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web","labels":{"a":"b"}}}""", "")]
    [DataRow("""{"spec":{"foo":1}}""", "spec.foo")]
    [DataRow("""{"spec":{"replicas":1,"foo":1,"bar":{}}}""", "spec.foo|spec.bar")]
    [DataRow("""{"spec":{"template":{"spec":{"containers":[{"name":"a","image":"x"},{"name":"b","imagee":"y"}]}}}}""",
        "spec.template.spec.containers[1].imagee")]
    [DataRow("""{"spec":{"template":{"spec":{"containers":[{"ports":[{"containerPort":80,"hostPortt":1}]}]}}}}""",
        "spec.template.spec.containers[0].ports[0].hostPortt")]
    [DataRow("""{"metadata":{"annotations":{"anything.io/goes":"x"},"managedFields":[{"fieldsV1":{"f:x":{}}}]}}""", "")]
    [DataRow("""{"spec":{"template":{"spec":{"containers":[{"resources":{"limits":{"cpu":"1"}}}]}}}}""", "")]
    [DataRow("""{"spec":{"replicas":"not a number","selector":"x"}}""", "")]
    [DataRow("""{"metadata":{"name":"x","spec":{"replicas":1}}}""", "metadata.spec")]
    [DataRow("""{"status":{"conditions":[{"type":"Available","status":"True","bogus":true}]}}""",
        "status.conditions[0].bogus")]
    public void FindUnknownFields_Deployment_ReportsPaths(string json, string expected)
    {
        var unknown = FieldValidation.FindUnknownFields(JsonNode.Parse(json)!.AsObject(), Deployment);

        Assert.AreEqual(expected, string.Join("|", unknown));
    }

    [TestMethod]
    [TestCategory("Unit")]
    [DataRow("""{"a":1,"b":2}""", "")]
    [DataRow("""{"replicas":1,"replicas":2}""", "replicas")]
    [DataRow("""{"spec":{"replicas":1,"replicas":2,"replicas":3}}""", "spec.replicas|spec.replicas")]
    [DataRow("""{"a":{"x":1},"b":{"x":1}}""", "")]
    [DataRow("""{"items":[{"name":"a"},{"name":"b","name":"c"}]}""", "items[1].name")]
    [DataRow("""{"items":[1,[2,{"k":1,"k":2}],{"k":1}]}""", "items[1][1].k")]
    [DataRow("""{"spec":{"template":{"spec":{"containers":[{"name":"a","image":"x","image":"y"}]}}}}""",
        "spec.template.spec.containers[0].image")]
    [DataRow("""[{"a":1,"a":2}]""", "[0].a")]
    public void FindDuplicateFields_Json_ReportsPaths(string json, string expected)
    {
        var duplicates = FieldValidation.FindDuplicateFields(Encoding.UTF8.GetBytes(json));

        Assert.AreEqual(expected, string.Join("|", duplicates));
    }

    [TestMethod]
    [TestCategory("Unit")]
    public void StrictDecodingError_Problems_WordedAsKubeApiserver()
    {
        var problems = FieldValidation.Problems(["spec.replicas"], ["spec.foo", "spec.bar"]);

        var error = FieldValidation.StrictDecodingError("Deployment", "v1", problems);

        Assert.AreEqual(400, error.Code);
        Assert.AreEqual("BadRequest", error.Reason);
        Assert.AreEqual(
            "Deployment in version \"v1\" cannot be handled as a Deployment: strict decoding error: " +
            "duplicate field \"spec.replicas\", unknown field \"spec.foo\", unknown field \"spec.bar\"",
            error.Message);
    }

    [TestMethod]
    [TestCategory("Unit")]
    public void FindProblems_DuplicateAndUnknown_WordsBoth()
    {
        var json = """{"spec":{"replicas":1,"replicas":2,"foo":true}}"""u8;

        var problems = FieldValidation.FindProblems(json, FieldValidation.ParseKeepingLastDuplicate(json), Deployment);

        CollectionAssert.AreEqual(
            new[] { "duplicate field \"spec.replicas\"", "unknown field \"spec.foo\"" }, problems.ToArray());
    }

    [TestMethod]
    [TestCategory("Unit")]
    [DataRow("""{"a":1,"a":2}""", """{"a":2}""")]
    [DataRow("""{"spec":{"replicas":1,"x":[{"k":1,"k":null}],"replicas":3}}""",
        """{"spec":{"replicas":3,"x":[{"k":null}]}}""")]
    [DataRow("""{"s":"v","n":1.5,"b":true,"z":null}""", """{"s":"v","n":1.5,"b":true,"z":null}""")]
    public void ParseKeepingLastDuplicate_Json_LastValueWins(string json, string expected)
    {
        var parsed = FieldValidation.ParseKeepingLastDuplicate(System.Text.Encoding.UTF8.GetBytes(json));

        Assert.AreEqual(expected, parsed.ToJsonString());
    }

    [TestMethod]
    [TestCategory("Unit")]
    [DataRow("unknown field \"spec.foo\"", "299 - \"unknown field \\\"spec.foo\\\"\"")]
    [DataRow("plain", "299 - \"plain\"")]
    public void WarningHeaderValue_Text_QuotesAndEscapes(string text, string expected)
    {
        Assert.AreEqual(expected, FieldValidation.WarningHeaderValue(text));
    }

    [TestMethod]
    [TestCategory("Unit")]
    [DataRow(null, FieldValidationDirective.Warn)]
    [DataRow("", FieldValidationDirective.Warn)]
    [DataRow("Warn", FieldValidationDirective.Warn)]
    [DataRow("Strict", FieldValidationDirective.Strict)]
    [DataRow("Ignore", FieldValidationDirective.Ignore)]
    public void ParseDirective_Value_ReadsDirective(string? value, FieldValidationDirective expected)
    {
        Assert.AreEqual(expected, FieldValidation.ParseDirective(value));
    }

    [TestMethod]
    [TestCategory("Unit")]
    public void ParseDirective_UnknownValue_IsInvalidListingSupportedValues()
    {
        var error = Assert.ThrowsExactly<Orchestrator.Api.Server.ApiException>(
            () => FieldValidation.ParseDirective("strict"));

        Assert.AreEqual(422, error.Code);
        StringAssert.Contains(error.Message,
            "fieldValidation: Unsupported value: \"strict\": supported values: \"\", \"Ignore\", \"Strict\", \"Warn\"");
    }
}
