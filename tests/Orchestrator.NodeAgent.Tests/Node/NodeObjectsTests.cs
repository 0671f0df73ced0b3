using System.Text.Json.Nodes;
using Orchestrator.NodeAgent.Cri.Api;
using Orchestrator.NodeAgent.Node;

namespace Orchestrator.NodeAgent.Tests.Node;

[TestClass]
[TestCategory("Unit")]
public sealed class NodeObjectsTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    private static readonly MachineFacts Machine = new(
        Cpus: 4, MemoryBytes: 8L << 30, OsImage: "Debian GNU/Linux 12 (bookworm)", KernelVersion: "6.1.0",
        Architecture: "amd64", MachineId: "abc", BootId: "boot", InternalIp: "192.0.2.10");

    private static readonly NodeAgentOptions Options = new()
    {
        NodeName = "node-a",
        Port = 10250,
        Region = "eu",
        Zone = "eu-1",
        Provider = "metal",
        ReservedCpuMillis = 100,
        ReservedMemoryMebibytes = 256,
    };

    [TestMethod]
    public void Node_Machine_CapacityAllocatableInfoAddressesAndEndpoint()
    {
        var node = new NodeObjects(Options, Machine).Node(null, "containerd://1.6.20", NodeReadiness.Healthy, Now);

        var status = node["status"]!;
        Assert.AreEqual("4", status["capacity"]!["cpu"]!.GetValue<string>());
        Assert.AreEqual("8388608Ki", status["capacity"]!["memory"]!.GetValue<string>());
        Assert.AreEqual("110", status["capacity"]!["pods"]!.GetValue<string>());
        Assert.AreEqual("3900m", status["allocatable"]!["cpu"]!.GetValue<string>());
        Assert.AreEqual($"{8388608 - 262144}Ki", status["allocatable"]!["memory"]!.GetValue<string>());
        Assert.AreEqual("containerd://1.6.20", status["nodeInfo"]!["containerRuntimeVersion"]!.GetValue<string>());
        Assert.AreEqual("Debian GNU/Linux 12 (bookworm)", status["nodeInfo"]!["osImage"]!.GetValue<string>());
        Assert.AreEqual("6.1.0", status["nodeInfo"]!["kernelVersion"]!.GetValue<string>());
        Assert.AreEqual(NodeObjects.KubeletVersion, status["nodeInfo"]!["kubeletVersion"]!.GetValue<string>());
        Assert.AreEqual("192.0.2.10", Address(node, "InternalIP"));
        Assert.AreEqual("node-a", Address(node, "Hostname"));
        Assert.AreEqual(10250, status["daemonEndpoints"]!["kubeletEndpoint"]!["Port"]!.GetValue<int>());
    }

    [TestMethod]
    [DataRow("kubernetes.io/hostname", "node-a")]
    [DataRow("kubernetes.io/os", "linux")]
    [DataRow("kubernetes.io/arch", "amd64")]
    [DataRow("topology.kubernetes.io/region", "eu")]
    [DataRow("topology.kubernetes.io/zone", "eu-1")]
    [DataRow("node.kubernetes.io/instance-type", "metal")]
    public void Node_Options_Labels(string label, string value)
    {
        var node = new NodeObjects(Options, Machine).Node(null, "containerd://1.6.20", NodeReadiness.Healthy, Now);

        Assert.AreEqual(value, node["metadata"]!["labels"]![label]!.GetValue<string>());
    }

    [TestMethod]
    public void Node_Existing_KeepsSpecAndOtherLabelsAndUnchangedTransitionTime()
    {
        var objects = new NodeObjects(Options, Machine);
        var first = objects.Node(null, "containerd://1.6.20", NodeReadiness.Healthy, Now);
        first["spec"]!["unschedulable"] = true;
        first["metadata"]!["labels"]!["team"] = "blue";

        var later = objects.Node(first, "containerd://1.6.20", NodeReadiness.Healthy, Now.AddMinutes(1));

        Assert.IsTrue(later["spec"]!["unschedulable"]!.GetValue<bool>());
        Assert.AreEqual("blue", later["metadata"]!["labels"]!["team"]!.GetValue<string>());
        var ready = Condition(later, "Ready");
        Assert.AreEqual("2026-01-01T12:00:00Z", ready["lastTransitionTime"]!.GetValue<string>());
        Assert.AreEqual("2026-01-01T12:01:00Z", ready["lastHeartbeatTime"]!.GetValue<string>());
    }

    [TestMethod]
    [DataRow(true, true, "True", "KubeletReady")]
    [DataRow(false, true, "False", "KubeletNotReady")]
    [DataRow(true, false, "False", "KubeletNotReady")]
    public void Node_RuntimeConditions_ReadyOnlyWhenRuntimeAndNetworkReady(
        bool runtimeReady, bool networkReady, string status, string reason)
    {
        var runtime = new RuntimeStatus
        {
            Conditions =
            {
                new RuntimeCondition { Type = "RuntimeReady", Status = runtimeReady },
                new RuntimeCondition
                {
                    Type = "NetworkReady", Status = networkReady, Reason = "NetworkPluginNotReady",
                    Message = "cni plugin not initialized",
                },
            },
        };

        var objects = new NodeObjects(Options, Machine);
        var node = objects.Node(null, "containerd://1.6.20", NodeReadiness.From(runtime), Now);

        var ready = Condition(node, "Ready");
        Assert.AreEqual(status, ready["status"]!.GetValue<string>());
        Assert.AreEqual(reason, ready["reason"]!.GetValue<string>());
        if (!networkReady)
        {
            StringAssert.Contains(ready["message"]!.GetValue<string>(), "cni plugin not initialized");
        }
    }

    [TestMethod]
    public void From_NoConditions_NotReady() =>
        Assert.IsFalse(NodeReadiness.From(new RuntimeStatus()).Ready);

    [TestMethod]
    public void Lease_New_HeldByNodeOwnedByNodeWithDuration()
    {
        var lease = new NodeObjects(Options, Machine).Lease(null, "node-uid", Now);

        Assert.AreEqual("kube-node-lease", lease["metadata"]!["namespace"]!.GetValue<string>());
        Assert.AreEqual("node-a", lease["spec"]!["holderIdentity"]!.GetValue<string>());
        Assert.AreEqual(40, lease["spec"]!["leaseDurationSeconds"]!.GetValue<int>());
        Assert.AreEqual("2026-01-01T12:00:00.000000Z", lease["spec"]!["renewTime"]!.GetValue<string>());
        Assert.AreEqual("node-uid", lease["metadata"]!["ownerReferences"]![0]!["uid"]!.GetValue<string>());
    }

    private static string? Address(JsonObject node, string type) =>
        ((JsonArray)node["status"]!["addresses"]!).OfType<JsonObject>()
            .First(a => a["type"]!.GetValue<string>() == type)["address"]!.GetValue<string>();

    private static JsonObject Condition(JsonObject node, string type) =>
        ((JsonArray)node["status"]!["conditions"]!).OfType<JsonObject>()
            .Single(c => c["type"]!.GetValue<string>() == type);
}
