using System.Text.Json.Nodes;
using Orchestrator.NodeAgent.Cri.Api;
using Orchestrator.NodeAgent.Pods;

namespace Orchestrator.NodeAgent.Tests.Pods;

[TestClass]
[TestCategory("Unit")]
public sealed class PodStatusBuilderTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly long Nanos = (Now - DateTimeOffset.UnixEpoch).Ticks * 100;

    // Each container state is written as a short code: "-" none, "C" created, "R" running, "X0"/"X1" exited with
    // that code, "C1" created as a restart.
    [TestMethod]
    [DataRow("Always", "", "-", "Pending")]
    [DataRow("Always", "", "C", "Pending")]
    [DataRow("Always", "", "R", "Running")]
    [DataRow("Always", "", "R,-", "Pending")]
    [DataRow("Always", "", "R,X0", "Running")]
    [DataRow("Always", "", "X1", "Running")]
    [DataRow("Always", "", "X0", "Running")]
    [DataRow("Always", "", "C1", "Running")]
    [DataRow("OnFailure", "", "X0", "Succeeded")]
    [DataRow("OnFailure", "", "X0,X1", "Running")]
    [DataRow("Never", "", "X0", "Succeeded")]
    [DataRow("Never", "", "X0,X1", "Failed")]
    [DataRow("Never", "", "R,X1", "Running")]
    [DataRow("Always", "X0", "R", "Running")]
    [DataRow("Always", "R", "-", "Pending")]
    [DataRow("Always", "X1", "-", "Pending")]
    [DataRow("OnFailure", "X1", "-", "Pending")]
    [DataRow("Never", "X1", "-", "Failed")]
    [DataRow("Never", "X0,X1", "-", "Failed")]
    [DataRow("Never", "X0,R", "-", "Pending")]
    public void Phase_ContainerStates_FollowsKubeletsRules(string policy, string init, string main, string phase)
    {
        var (pod, observed) = Scenario(policy, init, main);

        Assert.AreEqual(phase, PodStatusBuilder.Phase(pod, observed));
    }

    [TestMethod]
    [DataRow("Succeeded")]
    [DataRow("Failed")]
    public void Phase_FinishedPod_StaysFinished(string finished)
    {
        var (pod, observed) = Scenario("Always", "", "R");
        pod["status"] = new JsonObject { ["phase"] = finished };

        Assert.AreEqual(finished, PodStatusBuilder.Phase(pod, observed));
    }

    [TestMethod]
    [DataRow("Always", 0, true)]
    [DataRow("Always", 1, true)]
    [DataRow("OnFailure", 0, false)]
    [DataRow("OnFailure", 137, true)]
    [DataRow("Never", 1, false)]
    public void ShouldRestart_PolicyAndExitCode_AsKubernetes(string policy, int exitCode, bool restart) =>
        Assert.AreEqual(restart, PodStatusBuilder.ShouldRestart(policy, exitCode));

    [TestMethod]
    [DataRow("-", null, "waiting", "ContainerCreating")]
    [DataRow("C", null, "waiting", "ContainerCreating")]
    [DataRow("R", null, "running", null)]
    [DataRow("X0", null, "terminated", "Completed")]
    [DataRow("X1", null, "terminated", "Error")]
    [DataRow("X1", "CrashLoopBackOff", "waiting", "CrashLoopBackOff")]
    [DataRow("-", "ErrImagePull", "waiting", "ErrImagePull")]
    [DataRow("-", "ImagePullBackOff", "waiting", "ImagePullBackOff")]
    public void Build_ContainerState_StateAndReason(string code, string? waiting, string state, string? reason)
    {
        var (pod, observed) = Scenario("Always", "", code, waiting);

        var status = ContainerStatuses(PodStatusBuilder.Build(pod, observed, Now))[0]!;

        var only = status["state"]!.AsObject().Single();
        Assert.AreEqual(state, only.Key);
        Assert.AreEqual(reason, only.Value?["reason"]?.GetValue<string>());
        Assert.AreEqual(code == "R" && waiting is null, status["ready"]!.GetValue<bool>());
        Assert.AreEqual(code == "R" && waiting is null, status["started"]!.GetValue<bool>());
    }

    [TestMethod]
    public void Build_CrashLoopBackOff_LastStateIsTheExitAndRestartCountKept()
    {
        var exited = Instance("X1", restarts: 3);
        var pod = Pod("Always", [], ["app"]);
        var observed = Observation(("app", new ContainerView(exited, Instance("X1", restarts: 2),
            new WaitingReason("CrashLoopBackOff", "back-off 40s"))));

        var status = ContainerStatuses(PodStatusBuilder.Build(pod, observed, Now))[0]!;

        Assert.AreEqual(3, status["restartCount"]!.GetValue<int>());
        Assert.AreEqual("back-off 40s", status["state"]!["waiting"]!["message"]!.GetValue<string>());
        Assert.AreEqual(1, status["lastState"]!["terminated"]!["exitCode"]!.GetValue<int>());
        Assert.AreEqual("containerd://" + exited.Id, status["lastState"]!["terminated"]!["containerID"]!.ToString());
    }

    [TestMethod]
    public void Build_RestartedAndRunning_LastStateIsThePreviousInstance()
    {
        var pod = Pod("Always", [], ["app"]);
        var oom = Instance("X1", restarts: 0) with { ExitCode = 137, Reason = "OOMKilled" };
        var observed = Observation(("app", new ContainerView(Instance("R", restarts: 1), oom, null)));

        var status = ContainerStatuses(PodStatusBuilder.Build(pod, observed, Now))[0]!;

        Assert.AreEqual("OOMKilled", status["lastState"]!["terminated"]!["reason"]!.GetValue<string>());
        Assert.AreEqual(137, status["lastState"]!["terminated"]!["exitCode"]!.GetValue<int>());
        Assert.AreEqual(1, status["restartCount"]!.GetValue<int>());
        Assert.IsNotNull(status["state"]!["running"]);
    }

    [TestMethod]
    [DataRow("", "R", "True", "True", "True")]
    [DataRow("", "R,-", "True", "False", "False")]
    [DataRow("R", "-", "False", "False", "False")]
    [DataRow("X0", "R", "True", "True", "True")]
    public void Build_Conditions_FromContainerStates(
        string init, string main, string initialized, string containersReady, string ready)
    {
        var (pod, observed) = Scenario("Always", init, main);

        var status = PodStatusBuilder.Build(pod, observed, Now);

        Assert.AreEqual(initialized, Condition(status, "Initialized")["status"]!.GetValue<string>());
        Assert.AreEqual(containersReady, Condition(status, "ContainersReady")["status"]!.GetValue<string>());
        Assert.AreEqual(ready, Condition(status, "Ready")["status"]!.GetValue<string>());
        Assert.AreEqual("True", Condition(status, "PodScheduled")["status"]!.GetValue<string>());
    }

    [TestMethod]
    public void Build_InitPending_MainContainersWaitPodInitializing()
    {
        var (pod, observed) = Scenario("Always", "R", "-");

        var status = PodStatusBuilder.Build(pod, observed, Now);

        var main = ContainerStatuses(status)[0]!;
        Assert.AreEqual("PodInitializing", main["state"]!["waiting"]!["reason"]!.GetValue<string>());
        var init = ((JsonArray)status["initContainerStatuses"]!)[0]!;
        Assert.IsNotNull(init["state"]!["running"]);
        StringAssert.Contains(Condition(status, "Initialized")["message"]!.GetValue<string>(), "init0");
    }

    [TestMethod]
    public void Build_SameObservationTwice_SameStatusAndKeptTransitionTimes()
    {
        var (pod, observed) = Scenario("Always", "", "R");
        var first = PodStatusBuilder.Build(pod, observed, Now);
        pod["status"] = first;

        var second = PodStatusBuilder.Build(pod, observed, Now.AddMinutes(5));

        Assert.IsTrue(JsonNode.DeepEquals(first, second), second.ToJsonString());
    }

    [TestMethod]
    public void Build_Addresses_PodIpHostIpAndStartTime()
    {
        var (pod, observed) = Scenario("Always", "", "R");

        var status = PodStatusBuilder.Build(pod, observed, Now);

        Assert.AreEqual("10.1.0.5", status["podIP"]!.GetValue<string>());
        Assert.AreEqual("10.1.0.5", status["podIPs"]![0]!["ip"]!.GetValue<string>());
        Assert.AreEqual("192.0.2.1", status["hostIP"]!.GetValue<string>());
        Assert.AreEqual("2026-01-01T12:00:00Z", status["startTime"]!.GetValue<string>());
        Assert.AreEqual("Running", status["phase"]!.GetValue<string>());
    }

    private static (JsonObject Pod, PodObservation Observed) Scenario(
        string policy, string init, string main, string? waiting = null)
    {
        var initCodes = Split(init);
        var mainCodes = Split(main);
        var initNames = initCodes.Select((_, i) => $"init{i}").ToArray();
        var mainNames = mainCodes.Select((_, i) => $"main{i}").ToArray();
        var views = initNames.Zip(initCodes).Concat(mainNames.Zip(mainCodes))
            .Select(p => (p.First, new ContainerView(p.Second == "-" ? null : Instance(p.Second), null,
                waiting is null ? null : new WaitingReason(waiting, ""))))
            .ToArray();
        return (Pod(policy, initNames, mainNames), Observation(views));
    }

    private static string[] Split(string codes) =>
        codes.Length == 0 ? [] : codes.Split(',');

    private static ObservedContainer Instance(string code, int? restarts = null)
    {
        var state = code[0] switch
        {
            'R' => ContainerState.ContainerRunning,
            'X' => ContainerState.ContainerExited,
            _ => ContainerState.ContainerCreated,
        };
        var number = code.Length > 1 ? int.Parse(code[1..], System.Globalization.CultureInfo.InvariantCulture) : 0;
        return new ObservedContainer(
            Id: Guid.NewGuid().ToString("N"),
            State: state,
            ExitCode: state == ContainerState.ContainerExited ? number : 0,
            Reason: "",
            Message: "",
            StartedAt: state == ContainerState.ContainerCreated ? 0 : Nanos,
            FinishedAt: state == ContainerState.ContainerExited ? Nanos : 0,
            ImageRef: "sha256:abc",
            RestartCount: restarts ?? (state == ContainerState.ContainerCreated ? number : 0));
    }

    private static JsonObject Pod(string policy, string[] init, string[] main) => new()
    {
        ["metadata"] = new JsonObject { ["name"] = "p", ["namespace"] = "default", ["uid"] = "u" },
        ["spec"] = new JsonObject
        {
            ["restartPolicy"] = policy,
            ["initContainers"] = new JsonArray(init.Select(n => (JsonNode?)Container(n)).ToArray()),
            ["containers"] = new JsonArray(main.Select(n => (JsonNode?)Container(n)).ToArray()),
        },
    };

    private static JsonObject Container(string name) => new() { ["name"] = name, ["image"] = "busybox:1.36" };

    private static PodObservation Observation(params (string Name, ContainerView View)[] views) =>
        new("10.1.0.5", "192.0.2.1", views.ToDictionary(v => v.Name, v => v.View));

    private static JsonArray ContainerStatuses(JsonObject status) => (JsonArray)status["containerStatuses"]!;

    private static JsonObject Condition(JsonObject status, string type) =>
        ((JsonArray)status["conditions"]!).OfType<JsonObject>().Single(c => c["type"]!.GetValue<string>() == type);
}
