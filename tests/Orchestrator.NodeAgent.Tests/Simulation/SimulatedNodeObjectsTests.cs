using System.Text.Json.Nodes;
using Orchestrator.NodeAgent.Simulation;

namespace Orchestrator.NodeAgent.Tests.Simulation;

[TestClass]
[TestCategory("Unit")]
public sealed class SimulatedNodeObjectsTests
{
    private static readonly DateTimeOffset Now = new(2025, 1, 1, 12, 0, 0, TimeSpan.Zero);

    private static readonly SimulatedNodeOptions Options = new()
    {
        NodeCount = 3,
        NamePrefix = "sim",
        Region = "eu",
        Zones = ["eu-a", "eu-b"],
        Cpu = "4",
        Memory = "8Gi",
        Pods = 50,
    };

    [TestMethod]
    [DataRow(0, "sim-0", "eu-a", "10.0.0.2")]
    [DataRow(1, "sim-1", "eu-b", "10.0.0.3")]
    [DataRow(2, "sim-2", "eu-a", "10.0.0.4")]
    public void Node_Index_NamedLabelledAndReady(int index, string name, string zone, string address)
    {
        var node = new SimulatedNodeObjects(Options).Node(index, null, Now);

        Assert.AreEqual(name, (string?)node["metadata"]!["name"]);
        var labels = node["metadata"]!["labels"]!;
        Assert.AreEqual(name, (string?)labels["kubernetes.io/hostname"]);
        Assert.AreEqual("eu", (string?)labels["topology.kubernetes.io/region"]);
        Assert.AreEqual(zone, (string?)labels["topology.kubernetes.io/zone"]);
        Assert.AreEqual("4", (string?)node["status"]!["allocatable"]!["cpu"]);
        Assert.AreEqual("8Gi", (string?)node["status"]!["capacity"]!["memory"]);
        Assert.AreEqual("50", (string?)node["status"]!["allocatable"]!["pods"]);
        Assert.AreEqual("simulated://1.0", (string?)node["status"]!["nodeInfo"]!["containerRuntimeVersion"]);
        Assert.AreEqual(address, (string?)node["status"]!["addresses"]![0]!["address"]);
        Assert.IsTrue(SimulatedNodeObjects.IsReady(node));
    }

    [TestMethod]
    public void Node_Refreshed_SpecKeptReadyRestoredTransitionKeptWhenUnchanged()
    {
        var objects = new SimulatedNodeObjects(Options);
        var node = objects.Node(0, null, Now);
        node["spec"]!["taints"] = new JsonArray(new JsonObject { ["key"] = "dedicated", ["effect"] = "NoSchedule" });
        var ready = Condition(node, "Ready");
        ready["status"] = "Unknown";

        var refreshed = objects.Node(0, node, Now.AddMinutes(1));

        Assert.AreEqual("dedicated", (string?)refreshed["spec"]!["taints"]![0]!["key"]);
        Assert.AreEqual("True", (string?)Condition(refreshed, "Ready")["status"]);
        Assert.AreEqual("2025-01-01T12:01:00Z", (string?)Condition(refreshed, "Ready")["lastTransitionTime"]);
        Assert.AreEqual("2025-01-01T12:00:00Z", (string?)Condition(refreshed, "DiskPressure")["lastTransitionTime"]);
        Assert.AreEqual("2025-01-01T12:01:00Z", (string?)Condition(refreshed, "DiskPressure")["lastHeartbeatTime"]);
    }

    [TestMethod]
    public void Lease_RenewedLater_HolderDurationAndMicroTime()
    {
        var objects = new SimulatedNodeObjects(Options);
        var lease = objects.Lease("sim-0", "uid-1", Now);

        var renewed = objects.RenewedLease(lease, "sim-0", Now.AddSeconds(5.25));

        Assert.AreEqual("kube-node-lease", (string?)lease["metadata"]!["namespace"]);
        Assert.AreEqual("uid-1", (string?)lease["metadata"]!["ownerReferences"]![0]!["uid"]);
        Assert.AreEqual("sim-0", (string?)renewed["spec"]!["holderIdentity"]);
        Assert.AreEqual(40, (int)renewed["spec"]!["leaseDurationSeconds"]!);
        Assert.AreEqual("2025-01-01T12:00:05.250000Z", (string?)renewed["spec"]!["renewTime"]);
    }

    [TestMethod]
    public void RunningPod_BoundPod_RunningWithFourConditionsAndReadyContainers()
    {
        var pod = Pod(phase: "Pending");

        var running = SimulatedNodeObjects.RunningPod(pod, "10.0.0.2", "10.244.0.2", Now)!;

        var status = running["status"]!;
        Assert.AreEqual("Running", (string?)status["phase"]);
        Assert.AreEqual("10.244.0.2", (string?)status["podIP"]);
        Assert.AreEqual("10.0.0.2", (string?)status["hostIP"]);
        Assert.AreEqual("2025-01-01T12:00:00Z", (string?)status["startTime"]);
        foreach (var type in new[] { "PodScheduled", "Initialized", "ContainersReady", "Ready" })
        {
            Assert.AreEqual("True", (string?)Condition(running, type)["status"], type);
        }

        var container = status["containerStatuses"]![0]!;
        Assert.AreEqual("web", (string?)container["name"]);
        Assert.IsTrue((bool)container["ready"]! && (bool)container["started"]!);
        Assert.AreEqual(0, (int)container["restartCount"]!);
        Assert.IsNotNull(container["state"]!["running"]);
    }

    [TestMethod]
    [DataRow("Succeeded", false)]
    [DataRow("Failed", false)]
    [DataRow("Pending", true)]
    public void RunningPod_FinishedOrDeletingOrAlreadyRunning_Null(string phase, bool deleting)
    {
        var pod = Pod(phase);
        if (deleting)
        {
            pod["metadata"]!["deletionTimestamp"] = "2025-01-01T12:00:00Z";
        }

        Assert.IsNull(SimulatedNodeObjects.RunningPod(pod, "10.0.0.2", "10.244.0.2", Now));
        var running = SimulatedNodeObjects.RunningPod(Pod("Pending"), "10.0.0.2", "10.244.0.2", Now)!;
        Assert.IsNull(SimulatedNodeObjects.RunningPod(running, "10.0.0.2", "10.244.0.9", Now));
    }

    [TestMethod]
    [DataRow(0, 1, "10.244.0.2")]
    [DataRow(1, 253, "10.244.1.254")]
    [DataRow(300, 254, "10.245.44.2")]
    public void PodIp_NodeAndOrdinal_InsideTheNodeSubnet(int index, int ordinal, string expected)
    {
        Assert.AreEqual(expected, SimulatedNodeObjects.PodIp(index, ordinal));
    }

    private static JsonObject Pod(string phase) => new()
    {
        ["metadata"] = new JsonObject { ["name"] = "p", ["namespace"] = "default", ["uid"] = "u1" },
        ["spec"] = new JsonObject
        {
            ["nodeName"] = "sim-0",
            ["containers"] = new JsonArray(new JsonObject { ["name"] = "web", ["image"] = "nginx" }),
        },
        ["status"] = new JsonObject { ["phase"] = phase },
    };

    private static JsonObject Condition(JsonObject obj, string type) =>
        obj["status"]!["conditions"]!.AsArray().OfType<JsonObject>().Single(c => (string?)c["type"] == type);
}
