using System.Text.Json.Nodes;
using Orchestrator.Api.Schema;
using Orchestrator.Api.Validation;

namespace Orchestrator.Api.Tests.Validation;

[TestClass]
[TestCategory("Unit")]
public sealed class ValueTypeCheckTests
{
    [TestMethod]
    [DataRow("""{"spec":{"replicas":3}}""")]
    [DataRow("""{"spec":{"replicas":null}}""")]
    [DataRow("""{"spec":{"replicas":3.0}}""")]
    [DataRow("""{"metadata":{"labels":{"a":"b"}}}""")]
    [DataRow("""{"spec":{"strategy":{"rollingUpdate":{"maxSurge":"25%","maxUnavailable":1}}}}""")]
    [DataRow("""{"spec":{"template":{"spec":{"containers":[{"name":"a","image":"b"}]}}}}""")]
    public void FindMismatch_WellTypedDeployment_IsNull(string json)
    {
        Assert.IsNull(ValueTypeCheck.FindMismatch(Parse(json), Deployment(), "Deployment"));
    }

    [TestMethod]
    [DataRow("""{"spec":{"replicas":"3"}}""",
        "json: cannot unmarshal string into Go struct field Deployment.spec.replicas of type int32")]
    [DataRow("""{"spec":{"replicas":1.5}}""",
        "json: cannot unmarshal number 1.5 into Go struct field Deployment.spec.replicas of type int32")]
    [DataRow("""{"metadata":{"labels":"x"}}""",
        "json: cannot unmarshal string into Go struct field Deployment.metadata.labels of type map")]
    [DataRow("""{"metadata":{"labels":{"a":true}}}""",
        "json: cannot unmarshal bool into Go struct field Deployment.metadata.labels.a of type string")]
    [DataRow("""{"spec":{"template":{"spec":{"containers":{"name":"a"}}}}}""",
        "json: cannot unmarshal object into Go struct field Deployment.spec.template.spec.containers of type array")]
    [DataRow("""{"spec":{"template":{"spec":{"containers":[{"image":true}]}}}}""",
        "json: cannot unmarshal bool into Go struct field Deployment.spec.template.spec.containers.image of type " +
        "string")]
    [DataRow("""{"spec":{"strategy":{"rollingUpdate":{"maxSurge":true}}}}""",
        "json: cannot unmarshal bool into Go value of type intstr.IntOrString")]
    public void FindMismatch_WronglyTypedDeployment_NamesFieldAndType(string json, string expected)
    {
        Assert.AreEqual(expected, ValueTypeCheck.FindMismatch(Parse(json), Deployment(), "Deployment"));
    }

    [TestMethod]
    public void FindMismatch_SecretDataNotBase64_IsRefused()
    {
        var secret = ModelSchemaCatalog.Default.FindKind("", "v1", "Secret")!;

        var problem = ValueTypeCheck.FindMismatch(Parse("""{"data":{"k":"not base64!!"}}"""), secret, "Secret");

        StringAssert.StartsWith(problem, "illegal base64 data at input byte");
    }

    [TestMethod]
    public void FindMismatch_LeaseTimeNotATime_IsRefused()
    {
        var lease = ModelSchemaCatalog.Default.FindKind("coordination.k8s.io", "v1", "Lease")!;

        var problem = ValueTypeCheck.FindMismatch(Parse("""{"spec":{"renewTime":"soon"}}"""), lease, "Lease");

        StringAssert.StartsWith(problem, "parsing time \"soon\"");
    }

    private static SchemaNode Deployment() => ModelSchemaCatalog.Default.FindKind("apps", "v1", "Deployment")!;

    private static JsonObject Parse(string json) => JsonNode.Parse(json)!.AsObject();
}
