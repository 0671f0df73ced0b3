using System.Text.Json.Nodes;
using Orchestrator.ControlPlane.Networking;

namespace Orchestrator.ControlPlane.Tests.Networking;

[TestClass]
[TestCategory("Unit")]
public sealed class EndpointsPlanTests
{
    private const string Service = """
        {"metadata":{"name":"web","namespace":"shop","uid":"svc-uid","labels":{"team":"a"}},
         "spec":{"selector":{"app":"web"},"ports":[{"name":"http","port":80,"targetPort":"http","protocol":"TCP"}]}}
        """;

    [TestMethod]
    public void For_ReadyAndUnreadyPods_AddressesAndNotReadyAddressesWithNamedPortResolved()
    {
        var pods = new[]
        {
            Pod("b", "10.1.0.2", ready: true),
            Pod("a", "10.1.0.1", ready: false),
            Pod("other", "10.1.0.3", ready: true, app: "db"),
            Pod("pending", null, ready: false),
        };

        var plan = EndpointsPlan.For(Parse(Service), pods)!;

        var subset = plan.Endpoints["subsets"]!.AsArray().Single()!;
        Assert.AreEqual("10.1.0.2", subset["addresses"]![0]!["ip"]!.GetValue<string>());
        Assert.AreEqual("b", subset["addresses"]![0]!["targetRef"]!["name"]!.GetValue<string>());
        Assert.AreEqual("10.1.0.1", subset["notReadyAddresses"]![0]!["ip"]!.GetValue<string>());
        Assert.AreEqual(8080, subset["ports"]![0]!["port"]!.GetValue<long>());
        Assert.AreEqual("a", plan.Endpoints["metadata"]!["labels"]!["team"]!.GetValue<string>());
        var slice = plan.Slices.Single();
        Assert.AreEqual("web", slice["metadata"]!["labels"]![EndpointsPlan.ServiceNameLabel]!.GetValue<string>());
        Assert.AreEqual("svc-uid", slice["metadata"]!["ownerReferences"]![0]!["uid"]!.GetValue<string>());
        CollectionAssert.AreEqual(new[] { "10.1.0.1", "10.1.0.2" }, slice["endpoints"]!.AsArray()
            .Select(e => e!["addresses"]![0]!.GetValue<string>()).ToArray());
        Assert.IsFalse(slice["endpoints"]![0]!["conditions"]!["ready"]!.GetValue<bool>());
    }

    [TestMethod]
    public void For_TerminatingPod_LeftOutOfEndpointsKeptInSliceAsTerminating()
    {
        var terminating = Pod("old", "10.1.0.9", ready: true);
        terminating["metadata"]!["deletionTimestamp"] = "2026-01-01T00:00:00Z";

        var plan = EndpointsPlan.For(Parse(Service), [terminating])!;

        Assert.IsNull(plan.Endpoints["subsets"]);
        var conditions = plan.Slices.Single()["endpoints"]![0]!["conditions"]!;
        Assert.IsTrue(conditions["terminating"]!.GetValue<bool>());
        Assert.IsTrue(conditions["serving"]!.GetValue<bool>());
        Assert.IsFalse(conditions["ready"]!.GetValue<bool>());
    }

    [TestMethod]
    [DataRow("""{"metadata":{"name":"x","namespace":"shop"},"spec":{"ports":[{"port":80}]}}""")]
    [DataRow("""{"metadata":{"name":"x","namespace":"shop"},"spec":{"type":"ExternalName","selector":{"a":"b"}}}""")]
    public void For_NoSelectorOrExternalName_NotTheControllersBusiness(string service) =>
        Assert.IsNull(EndpointsPlan.For(Parse(service), [Pod("a", "10.1.0.1", ready: true)]));

    [TestMethod]
    public void For_NoMatchingPods_EmptyEndpointsAndOneEmptySlice()
    {
        var plan = EndpointsPlan.For(Parse(Service), [])!;

        Assert.IsNull(plan.Endpoints["subsets"]);
        Assert.HasCount(1, plan.Slices);
        Assert.IsEmpty(plan.Slices[0]["endpoints"]!.AsArray());
    }

    [TestMethod]
    public void For_PodWithoutTheNamedPort_LeftOut()
    {
        var pod = Pod("a", "10.1.0.1", ready: true);
        pod["spec"]!["containers"]![0]!["ports"]![0]!["name"] = "metrics";

        var plan = EndpointsPlan.For(Parse(Service), [pod])!;

        Assert.IsNull(plan.Endpoints["subsets"]);
    }

    private static JsonObject Pod(string name, string? ip, bool ready, string app = "web")
    {
        var pod = Parse($$$"""
            {"metadata":{"name":"{{{name}}}","namespace":"shop","uid":"uid-{{{name}}}","labels":{"app":"{{{app}}}"}},
             "spec":{"nodeName":"n1","containers":[{"name":"c","ports":[{"name":"http","containerPort":8080}]}]},
             "status":{"phase":"Running","conditions":[{"type":"Ready","status":"{{{(ready ? "True" : "False")}}}"}]}}
            """);
        if (ip is not null)
        {
            pod["status"]!["podIP"] = ip;
        }

        return pod;
    }

    private static JsonObject Parse(string json) => JsonNode.Parse(json)!.AsObject();
}
