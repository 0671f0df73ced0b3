using System.Text.Json.Nodes;
using Orchestrator.Api.Handlers;
using Orchestrator.Api.Server;

namespace Orchestrator.Api.Tests.Handlers;

[TestClass]
[TestCategory("Unit")]
public sealed class PodStreamTargetTests
{
    private const string TwoContainers = """
        {"metadata":{"name":"web"},
         "spec":{"nodeName":"n1","containers":[{"name":"app"},{"name":"sidecar"}],"initContainers":[{"name":"init"}]},
         "status":{"phase":"Running","containerStatuses":[
           {"name":"app","state":{"running":{}},"lastState":{"terminated":{"exitCode":1}}},
           {"name":"sidecar","state":{"waiting":{"reason":"ImagePullBackOff"}}}]}}
        """;

    [TestMethod]
    [DataRow("""{"metadata":{"name":"p"},"spec":{"containers":[{"name":"only"}]}}""", null, "only")]
    [DataRow(TwoContainers, "sidecar", "sidecar")]
    [DataRow(TwoContainers, "init", "init")]
    [DataRow("""
        {"metadata":{"name":"p","annotations":{"kubectl.kubernetes.io/default-container":"b"}},
         "spec":{"containers":[{"name":"a"},{"name":"b"}]}}
        """, null, "b")]
    public void SelectContainer_Request_ContainerChosen(string pod, string? requested, string expected) =>
        Assert.AreEqual(expected, PodStreamTarget.SelectContainer(JsonNode.Parse(pod)!.AsObject(), requested));

    [TestMethod]
    [DataRow(TwoContainers, "nope", "container nope is not valid for pod web")]
    [DataRow(TwoContainers, null,
        "a container name must be specified for pod web, choose one of: [app sidecar] or one of the init " +
        "containers: [init]")]
    public void SelectContainer_Invalid_BadRequestNamingContainers(string pod, string? requested, string message)
    {
        var error = Assert.ThrowsExactly<ApiException>(
            () => PodStreamTarget.SelectContainer(JsonNode.Parse(pod)!.AsObject(), requested));

        Assert.AreEqual(400, error.Code);
        Assert.AreEqual("BadRequest", error.Reason);
        Assert.AreEqual(message, error.Message);
    }

    [TestMethod]
    [DataRow("app", "log", false, null)]
    [DataRow("app", "log", true, null)]
    [DataRow("app", "exec", false, null)]
    [DataRow("sidecar", "log", false, "container \"sidecar\" in pod \"web\" is waiting to start: ImagePullBackOff")]
    [DataRow("sidecar", "log", true, "previous terminated container \"sidecar\" in pod \"web\" not found")]
    [DataRow("init", "attach", false, "container \"init\" in pod \"web\" is waiting to start: ContainerCreating")]
    [DataRow("", "portforward", false, null)]
    public void EnsureReachable_ContainerState_KubeletWording(
        string container, string subresource, bool previous, string? message)
    {
        var pod = JsonNode.Parse(TwoContainers)!.AsObject();

        var error = Record(() => PodStreamTarget.EnsureReachable(pod, container, subresource, previous));

        Assert.AreEqual(message, error?.Message);
        Assert.AreEqual(message is null ? null : 400, error?.Code);
    }

    [TestMethod]
    [DataRow("""{"metadata":{"name":"p"},"spec":{"containers":[{"name":"a"}]}}""", "log",
        "pod p does not have a host assigned")]
    [DataRow("""{"metadata":{"name":"p"},"spec":{"nodeName":"n"},"status":{"phase":"Succeeded"}}""", "exec",
        "cannot exec into a container in a completed pod; current phase is Succeeded")]
    public void EnsureReachable_PodNotReachable_BadRequest(string pod, string subresource, string message) =>
        Assert.AreEqual(message, Record(() => PodStreamTarget.EnsureReachable(
            JsonNode.Parse(pod)!.AsObject(), "a", subresource, previous: false))?.Message);

    [TestMethod]
    [DataRow("""[{"type":"Hostname","address":"n1"},{"type":"InternalIP","address":"10.0.0.5"}]""", 10250,
        "http://10.0.0.5:10250")]
    [DataRow("""[{"type":"InternalIP","address":"fd00::5"}]""", 10250, "http://[fd00::5]:10250")]
    [DataRow("""[{"type":"Hostname","address":"n1"}]""", 9000, "http://n1:9000")]
    [DataRow("""[{"type":"InternalIP","address":"10.0.0.5"}]""", 0, null)]
    [DataRow("[]", 10250, null)]
    public void AgentAddress_NodeStatus_KubeletEndpoint(string addresses, int port, string? expected)
    {
        var node = new JsonObject
        {
            ["status"] = new JsonObject
            {
                ["addresses"] = JsonNode.Parse(addresses),
                ["daemonEndpoints"] = new JsonObject { ["kubeletEndpoint"] = new JsonObject { ["Port"] = port } },
            },
        };

        Assert.AreEqual(expected, PodStreamTarget.AgentAddress(node));
    }

    [TestMethod]
    [DataRow("log", "/containerLogs/ns/p/c")]
    [DataRow("exec", "/exec/ns/p/c")]
    [DataRow("attach", "/attach/ns/p/c")]
    [DataRow("portforward", "/portForward/ns/p")]
    public void AgentPath_Subresource_KubeletPath(string subresource, string expected) =>
        Assert.AreEqual(expected, PodStreamTarget.AgentPath(subresource, "ns", "p", "c"));

    private static ApiException? Record(Action action)
    {
        try
        {
            action();
            return null;
        }
        catch (ApiException error)
        {
            return error;
        }
    }
}
