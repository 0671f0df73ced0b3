using System.Text;
using System.Text.Json.Nodes;
using Orchestrator.NodeAgent.Pods;

namespace Orchestrator.NodeAgent.Tests.Pods;

[TestClass]
[TestCategory("Unit")]
public sealed class ContainerEnvironmentTests
{
    private static readonly PodFieldValues Fields = new("10.1.0.7", "192.0.2.1", "node-a");

    [TestMethod]
    [DataRow("metadata.name", "web")]
    [DataRow("metadata.namespace", "prod")]
    [DataRow("metadata.uid", "uid-1")]
    [DataRow("status.podIP", "10.1.0.7")]
    [DataRow("status.hostIP", "192.0.2.1")]
    [DataRow("spec.nodeName", "node-a")]
    [DataRow("metadata.labels['app']", "frontend")]
    public void Build_FieldRef_PodValue(string path, string expected)
    {
        var container = Container($$"""{ "name": "X", "valueFrom": { "fieldRef": { "fieldPath": "{{path}}" } } }""");

        var environment = ContainerEnvironment.Build(Pod(), container, Fields, Objects());

        Assert.AreEqual(expected, environment.Single().Value);
    }

    [TestMethod]
    public void Build_KeyRefsAndEnvFrom_ValuesWithLaterOverridingEarlier()
    {
        var container = (JsonObject)JsonNode.Parse("""
            {
              "envFrom": [ { "configMapRef": { "name": "settings" }, "prefix": "CFG_" },
                           { "secretRef": { "name": "creds" } } ],
              "env": [
                { "name": "LEVEL", "valueFrom": { "configMapKeyRef": { "name": "settings", "key": "level" } } },
                { "name": "PASSWORD", "valueFrom": { "secretKeyRef": { "name": "creds", "key": "password" } } },
                { "name": "CFG_level", "value": "override" },
                { "name": "URL", "value": "http://$(LEVEL):$(PASSWORD)/$$(LEVEL)" }
              ]
            }
            """)!;

        var environment = ContainerEnvironment.Build(Pod(), container, Fields, Objects())
            .ToDictionary(e => e.Key, e => e.Value);

        Assert.AreEqual("override", environment["CFG_level"]);
        Assert.AreEqual("s3cret", environment["password"]);
        Assert.AreEqual("debug", environment["LEVEL"]);
        Assert.AreEqual("s3cret", environment["PASSWORD"]);
        Assert.AreEqual("http://debug:s3cret/$(LEVEL)", environment["URL"]);
    }

    [TestMethod]
    [DataRow("""{ "name": "X", "valueFrom": { "configMapKeyRef": { "name": "absent", "key": "k" } } }""",
        "configmap \"absent\" not found")]
    [DataRow("""{ "name": "X", "valueFrom": { "configMapKeyRef": { "name": "settings", "key": "nope" } } }""",
        "couldn't find key nope in configmap prod/settings")]
    [DataRow("""{ "name": "X", "valueFrom": { "secretKeyRef": { "name": "absent", "key": "k" } } }""",
        "secret \"absent\" not found")]
    public void Build_MissingReference_ThrowsNamingIt(string variable, string message)
    {
        var error = Assert.ThrowsExactly<ContainerConfigException>(
            () => ContainerEnvironment.Build(Pod(), Container(variable), Fields, Objects()));

        Assert.AreEqual(message, error.Message);
    }

    [TestMethod]
    public void Build_OptionalMissingReference_LeftOut()
    {
        var container = Container("""
            { "name": "X", "valueFrom": { "configMapKeyRef": { "name": "absent", "key": "k", "optional": true } } }
            """);

        Assert.AreEqual(0, ContainerEnvironment.Build(Pod(), container, Fields, Objects()).Count);
    }

    [TestMethod]
    public void References_EnvAndEnvFrom_EveryConfigMapAndSecret()
    {
        var container = (JsonObject)JsonNode.Parse("""
            {
              "envFrom": [ { "configMapRef": { "name": "a" } }, { "secretRef": { "name": "b" } } ],
              "env": [ { "name": "X", "valueFrom": { "secretKeyRef": { "name": "c", "key": "k" } } } ]
            }
            """)!;

        var references = ContainerEnvironment.References(container).ToList();

        CollectionAssert.AreEquivalent(
            new[] { ("configmaps", "a"), ("secrets", "b"), ("secrets", "c") }, references);
    }

    private static JsonObject Container(string variable) =>
        new() { ["env"] = new JsonArray(JsonNode.Parse(variable)) };

    private static JsonObject Pod() => (JsonObject)JsonNode.Parse("""
        { "metadata": { "name": "web", "namespace": "prod", "uid": "uid-1", "labels": { "app": "frontend" } } }
        """)!;

    private static Dictionary<(string Resource, string Name), JsonObject> Objects() => new()
    {
        [("configmaps", "settings")] = new JsonObject { ["data"] = new JsonObject { ["level"] = "debug" } },
        [("secrets", "creds")] = new JsonObject
        {
            ["data"] = new JsonObject { ["password"] = Convert.ToBase64String(Encoding.UTF8.GetBytes("s3cret")) },
        },
    };
}
