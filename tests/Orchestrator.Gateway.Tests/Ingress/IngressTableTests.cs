using System.Text.Json.Nodes;
using Orchestrator.Gateway.Ingress;

namespace Orchestrator.Gateway.Tests.Ingress;

[TestClass]
[TestCategory("Unit")]
public sealed class IngressTableTests
{
    private static readonly IngressTable Table = IngressTable.Build(
        [
            Ingress("a", "2026-01-01T00:00:00Z", """
                {"defaultBackend":{"service":{"name":"fallback","port":{"number":80}}},
                 "rules":[
                  {"host":"shop.example","http":{"paths":[
                    {"path":"/","pathType":"Prefix","backend":{"service":{"name":"front","port":{"number":80}}}},
                    {"path":"/api/","pathType":"Prefix","backend":{"service":{"name":"api","port":{"name":"http"}}}},
                    {"path":"/health","pathType":"Exact","backend":{"service":{"name":"api","port":{"number":81}}}}]}},
                  {"host":"*.shop.example","http":{"paths":[
                    {"path":"/","pathType":"Prefix","backend":{"service":{"name":"api","port":{"number":81}}}}]}},
                  {"http":{"paths":[
                    {"path":"/any","pathType":"ImplementationSpecific",
                     "backend":{"service":{"name":"front","port":{"number":80}}}}]}}]}
                """),
        ],
        [Service("front", """[{"port":80}]"""), Service("api", """[{"name":"http","port":81}]"""),
            Service("fallback", """[{"port":80}]""")],
        [
            Slice("front", "", 8080, ("10.1.0.1", true), ("10.1.0.2", false)),
            Slice("api", "http", 9090, ("10.1.0.3", true)),
            Slice("fallback", "", 7070, ("10.1.0.9", true)),
        ]);

    [TestMethod]
    [DataRow("shop.example", "/", "front")]
    [DataRow("shop.example:8080", "/cart", "front")]
    [DataRow("SHOP.example", "/api", "api")]
    [DataRow("shop.example", "/api/users", "api")]
    [DataRow("shop.example", "/apis", "front")]
    [DataRow("shop.example", "/health", "api")]
    [DataRow("shop.example", "/health/deep", "front")]
    [DataRow("eu.shop.example", "/", "api")]
    [DataRow("a.eu.shop.example", "/", "fallback")]
    [DataRow("other.example", "/any/thing", "front")]
    [DataRow("other.example", "/", "fallback")]
    public void Match_HostAndPath_ChoosesKubernetesPrecedence(string host, string path, string service) =>
        Assert.AreEqual(service, Table.Match(host, path)?.Service);

    [TestMethod]
    public void Match_Backend_OnlyReadyEndpointsAtTheirTargetPort()
    {
        CollectionAssert.AreEqual(new[] { "http://10.1.0.1:8080" },
            Table.Match("shop.example", "/")!.Destinations.ToArray());
        CollectionAssert.AreEqual(new[] { "http://10.1.0.3:9090" },
            Table.Match("shop.example", "/api")!.Destinations.ToArray());
    }

    [TestMethod]
    public void Build_MissingServiceOrPort_BackendWithoutDestinations()
    {
        var table = IngressTable.Build(
            [Ingress("b", "2026-01-01T00:00:00Z", """
                {"rules":[{"http":{"paths":[
                  {"path":"/","pathType":"Prefix","backend":{"service":{"name":"gone","port":{"number":80}}}}]}}]}
                """)],
            [], []);

        Assert.IsEmpty(table.Match("x", "/")!.Destinations);
        Assert.IsNull(IngressTable.Empty.Match("x", "/"));
    }

    private static JsonObject Ingress(string name, string created, string spec) => new()
    {
        ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = "shop", ["creationTimestamp"] = created },
        ["spec"] = Parse(spec),
    };

    private static JsonObject Service(string name, string ports) => new()
    {
        ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = "shop" },
        ["spec"] = new JsonObject { ["ports"] = JsonNode.Parse(ports) },
    };

    private static JsonObject Slice(string service, string portName, int port, params (string Ip, bool Ready)[] eps)
    {
        var endpoints = new JsonArray(eps.Select(e => (JsonNode)new JsonObject
        {
            ["addresses"] = new JsonArray(e.Ip),
            ["conditions"] = new JsonObject { ["ready"] = e.Ready },
        }).ToArray());
        return new JsonObject
        {
            ["metadata"] = new JsonObject
            {
                ["name"] = service + "-x",
                ["namespace"] = "shop",
                ["labels"] = new JsonObject { ["kubernetes.io/service-name"] = service },
            },
            ["endpoints"] = endpoints,
            ["ports"] = new JsonArray(new JsonObject { ["name"] = portName, ["port"] = port }),
        };
    }

    private static JsonObject Parse(string json) => JsonNode.Parse(json)!.AsObject();
}
