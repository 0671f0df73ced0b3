using System.Text.Json.Nodes;
using Orchestrator.Api.Apply;

namespace Orchestrator.Api.Tests.Apply;

[TestClass]
public sealed class FieldSetTests
{
    [TestMethod]
    [TestCategory("Unit")]
    [DataRow("""{"f:metadata":{"f:labels":{"f:app":{}}},"f:spec":{"f:containers":{"k:{\"name\":\"app\"}":"""
        + """{".":{},"f:image":{}}}}}""")]
    [DataRow("""{"f:metadata":{"f:finalizers":{".":{},"v:\"example.com/a\"":{},"v:\"example.com/b\"":{}}}}""")]
    [DataRow("""{"f:ports":{"k:{\"containerPort\":80,\"protocol\":\"TCP\"}":{".":{},"f:containerPort":{}}}}""")]
    [DataRow("""{"f:args":{},"f:list":{"i:0":{},"i:10":{}},"f:set":{"v:1":{},"v:\"1\"":{},"v:true":{}}}""")]
    [DataRow("""{}""")]
    public void FromFieldsV1_ThenToFieldsV1_WritesTheSameBytes(string encoded)
    {
        var set = FieldSet.FromFieldsV1(JsonNode.Parse(encoded)!.AsObject());

        Assert.AreEqual(encoded, DeploymentSchemaFixture.Write(set.ToFieldsV1()));
    }

    [TestMethod]
    [TestCategory("Unit")]
    public void ToFieldsV1_UnsortedInput_SortsFieldsBeforeKeysBeforeValuesAndDotFirst()
    {
        var set = FieldSet.FromFieldsV1(DeploymentSchemaFixture.Parse(
            """{"v:\"b\"":{},"k:{\"name\":\"z\"}":{"f:image":{},".":{}},"f:b":{},"f:a":{}}"""));

        Assert.AreEqual(
            """{"f:a":{},"f:b":{},"k:{\"name\":\"z\"}":{".":{},"f:image":{}},"v:\"b\"":{}}""",
            DeploymentSchemaFixture.Write(set.ToFieldsV1()));
    }

    [TestMethod]
    [TestCategory("Unit")]
    [DataRow("""{"f:a":"not an object"}""")]
    [DataRow("""{"k:{not json}":{}}""")]
    [DataRow("""{"x":{}}""")]
    public void FromFieldsV1_Malformed_ThrowsFormatException(string encoded) =>
        Assert.ThrowsExactly<FormatException>(() => FieldSet.FromFieldsV1(JsonNode.Parse(encoded)!.AsObject()));

    [TestMethod]
    [TestCategory("Unit")]
    public void FromFieldsV1_UnknownElementType_IsSkipped()
    {
        var set = FieldSet.FromFieldsV1(DeploymentSchemaFixture.Parse("""{"z:x":{},"f:a":{}}"""));

        Assert.AreEqual("""{"f:a":{}}""", set.ToString());
    }

    [TestMethod]
    [TestCategory("Unit")]
    [DataRow("union", """{"f:a":{},"f:b":{"f:c":{}}}""", """{"f:b":{".":{},"f:d":{}}}""",
        """{"f:a":{},"f:b":{".":{},"f:c":{},"f:d":{}}}""")]
    [DataRow("intersection", """{"f:a":{},"f:b":{"f:c":{},"f:d":{}}}""", """{"f:b":{"f:d":{}},"f:e":{}}""",
        """{"f:b":{"f:d":{}}}""")]
    [DataRow("difference", """{"f:a":{},"f:b":{".":{},"f:c":{}}}""", """{"f:b":{}}""",
        """{"f:a":{},"f:b":{"f:c":{}}}""")]
    [DataRow("recursive", """{"f:a":{},"f:b":{".":{},"f:c":{}}}""", """{"f:b":{}}""", """{"f:a":{}}""")]
    [DataRow("difference", """{"f:a":{"f:x":{}}}""", """{"f:a":{"f:x":{}}}""", """{}""")]
    public void SetOperation_Table_GivesExpectedSet(string operation, string left, string right, string expected)
    {
        var l = FieldSet.FromFieldsV1(DeploymentSchemaFixture.Parse(left));
        var r = FieldSet.FromFieldsV1(DeploymentSchemaFixture.Parse(right));

        var result = operation switch
        {
            "union" => l.Union(r),
            "intersection" => l.Intersection(r),
            "difference" => l.Difference(r),
            _ => l.RecursiveDifference(r),
        };

        Assert.AreEqual(expected, result.ToString());
        Assert.AreEqual(left, l.ToString(), "the operands are left alone");
    }

    [TestMethod]
    [TestCategory("Unit")]
    public void FromObject_Deployment_OwnsLeavesItemsAndMapEntries()
    {
        var deployment = DeploymentSchemaFixture.Parse("""
            {"apiVersion":"apps/v1","kind":"Deployment",
             "metadata":{"name":"web","labels":{"app":"web"},"finalizers":["example.com/a"]},
             "spec":{"replicas":2,"selector":{"matchLabels":{"app":"web"}},
               "template":{"metadata":{},"spec":{"containers":[
                 {"name":"app","image":"nginx","args":["a","b"],"ports":[{"containerPort":80}]}]}}}}
            """);

        var set = FieldSet.FromObject(deployment, DeploymentSchemaFixture.Deployment);

        Assert.AreEqual(
            """
            {"f:apiVersion":{},"f:kind":{},"f:metadata":{"f:finalizers":{"v:\"example.com/a\"":{}},
            "f:labels":{"f:app":{}},"f:name":{}},"f:spec":{"f:replicas":{},"f:selector":{},"f:template":
            {"f:metadata":{},"f:spec":{"f:containers":{"k:{\"name\":\"app\"}":{".":{},"f:args":{},
            "f:image":{},"f:name":{},"f:ports":{"k:{\"containerPort\":80,\"protocol\":\"TCP\"}":
            {".":{},"f:containerPort":{}}}}}}}}}
            """.ReplaceLineEndings(""),
            set.ToString());
    }

    [TestMethod]
    [TestCategory("Unit")]
    public void Paths_KeyedAndSetItems_ReadAsConflictPaths()
    {
        var set = FieldSet.FromFieldsV1(DeploymentSchemaFixture.Parse("""
            {"f:spec":{"f:replicas":{},"f:template":{"f:spec":{"f:containers":{"k:{\"name\":\"app\"}":{"f:image":{},
             "f:ports":{"k:{\"containerPort\":80,\"protocol\":\"TCP\"}":{}}}}}}},
             "f:metadata":{"f:finalizers":{"v:\"a\"":{}}}}
            """));

        var paths = set.Paths().Select(p => p.ToString()).ToList();

        CollectionAssert.AreEqual(
            new[]
            {
                ".metadata.finalizers[=\"a\"]",
                ".spec.replicas",
                ".spec.template.spec.containers[name=\"app\"].image",
                ".spec.template.spec.containers[name=\"app\"].ports[containerPort=80,protocol=\"TCP\"]",
            },
            paths);
    }

    [TestMethod]
    [TestCategory("Unit")]
    public void Contains_InsertedPath_IsTrueAndItsParentIsNot()
    {
        var set = FieldSet.OfFields("spec.replicas");

        Assert.IsTrue(set.Contains(FieldPath.OfFields("spec.replicas").Elements));
        Assert.IsFalse(set.Contains(FieldPath.OfFields("spec").Elements));
    }
}
