using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Orchestrator.NodeAgent.Cri;
using Orchestrator.NodeAgent.Cri.Api;
using Orchestrator.NodeAgent.Pods;
using Orchestrator.NodeAgent.Tests.Cri;
using Orchestrator.Store;
using Orchestrator.Store.Objects;
using Orchestrator.Store.Postgres;
using Orchestrator.Testing;

namespace Orchestrator.NodeAgent.Tests.Pods;

/// <summary>
/// The node agent against a real containerd of the tests' own and a real PostgreSQL store: pods bound to its node
/// run, crash-loop, fail to pull, are deleted and survive a restart of the agent as kubelet's pods do.
/// </summary>
[TestClass]
[TestCategory("Integration")]
public sealed class PodSynchronizerTests
{
    private static readonly TimeSpan WaitTimeout = TimeSpan.FromSeconds(60);
    private static TestContainerd? s_containerd;
    private static ContainerRuntimeClient? s_runtime;
    private static TestDatabase? s_database;
    private static PostgresObjectStore? s_store;

    private readonly List<TestAgent> _agents = [];
    private readonly string _node = "node-" + Guid.NewGuid().ToString("N")[..6];

    private static ContainerRuntimeClient Runtime => s_runtime ?? throw new InvalidOperationException("not started");

    private static PostgresObjectStore Store => s_store ?? throw new InvalidOperationException("not started");

    private static string LogRoot => Path.Combine(s_containerd!.Directory, "pods");

    [ClassInitialize]
    public static async Task StartAsync(TestContext context)
    {
        s_containerd = await TestContainerd.StartAsync("agent");
        s_runtime = ContainerRuntimeClient.ForUnixSocket(s_containerd.Socket);
        s_database = await TestDatabase.CreateAsync();
        s_store = new PostgresObjectStore(
            NpgsqlDataSource.Create(s_database.ConnectionString + ";Maximum Pool Size=20"), new StoreOptions(),
            TimeProvider.System, NullLogger<PostgresObjectStore>.Instance);
    }

    [ClassCleanup]
    public static async Task StopAsync()
    {
        if (s_store is not null)
        {
            await s_store.DisposeAsync();
        }

        if (s_database is not null)
        {
            await s_database.DisposeAsync();
        }

        s_runtime?.Dispose();
        if (s_containerd is not null)
        {
            await s_containerd.DisposeAsync();
        }
    }

    [TestCleanup]
    public async Task RemoveEverythingAsync()
    {
        foreach (var agent in _agents)
        {
            await agent.DisposeAsync();
        }

        foreach (var sandbox in await Runtime.ListPodSandboxesAsync(null, CancellationToken.None))
        {
            await Runtime.StopPodSandboxAsync(sandbox.Id, CancellationToken.None);
            await Runtime.RemovePodSandboxAsync(sandbox.Id, CancellationToken.None);
        }
    }

    [TestMethod]
    public async Task Sync_HttpdPod_RunsWithPodIpServingTheHost()
    {
        await StartAgentAsync();
        var content = Guid.NewGuid().ToString();
        var script = $"mkdir -p /www && echo {content} > /www/index.html && exec httpd -f -p 8080 -h /www";
        var pod = await CreatePodAsync("web", Container("httpd", "sh", "-c", script));

        var running = await WaitForPodAsync(pod, "phase Running with a pod IP", p =>
            Phase(p) == "Running" && p["status"]?["podIP"] is not null);

        var podIp = running["status"]!["podIP"]!.GetValue<string>();
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var body = await Eventually.SucceedsAsync($"httpd of pod web on {podIp}:8080", WaitTimeout,
            () => http.GetStringAsync(new Uri($"http://{podIp}:8080/index.html")));
        Assert.AreEqual(content, body.Trim());
        var status = ContainerStatus(running, "httpd");
        Assert.AreEqual(true, status["ready"]?.GetValue<bool>());
        StringAssert.StartsWith(status["containerID"]?.GetValue<string>(), "containerd://");
        Assert.IsNotNull(status["state"]?["running"]?["startedAt"]);
        CollectionAssert.IsSubsetOf(new[] { "Pulled", "Created", "Started" }, await EventReasonsAsync("web"));
        await AssertNodeReadyAsync();
    }

    [TestMethod]
    public async Task Sync_HostPort_HostFetchesThroughTheNodeAddress()
    {
        await StartAgentAsync();
        var hostPort = 30000 + Random.Shared.Next(2000);
        var container = Container("httpd", "sh", "-c",
            "mkdir -p /www && echo through-host-port > /www/index.html && exec httpd -f -p 8080 -h /www");
        container["ports"] = JsonNode.Parse($$"""[ { "containerPort": 8080, "hostPort": {{hostPort}} } ]""");
        var pod = await CreatePodAsync("ported", container);

        var running = await WaitForPodAsync(pod, "phase Running", p => Phase(p) == "Running");

        var hostIp = running["status"]!["hostIP"]!.GetValue<string>();
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var body = await Eventually.SucceedsAsync($"httpd of pod ported through {hostIp}:{hostPort}", WaitTimeout,
            () => http.GetStringAsync(new Uri($"http://{hostIp}:{hostPort}/index.html")));
        Assert.AreEqual("through-host-port", body.Trim());
    }

    [TestMethod]
    public async Task Sync_ContainerExitingOneUnderAlways_CrashLoopBackOffWithGrowingRestartCount()
    {
        await StartAgentAsync();
        var pod = await CreatePodAsync("crasher", Container("crash", "sh", "-c", "exit 1"));

        var looping = await WaitForPodAsync(pod, "crash waiting in CrashLoopBackOff after a restart", p =>
            ContainerStatus(p, "crash")["state"]?["waiting"]?["reason"]?.GetValue<string>() == "CrashLoopBackOff" &&
            ContainerStatus(p, "crash")["restartCount"]?.GetValue<int>() >= 1);
        var status = ContainerStatus(looping, "crash");
        Assert.AreEqual(1, status["lastState"]?["terminated"]?["exitCode"]?.GetValue<int>());
        Assert.AreEqual("Error", status["lastState"]?["terminated"]?["reason"]?.GetValue<string>());
        Assert.AreEqual("Running", Phase(looping));

        var restarts = status["restartCount"]!.GetValue<int>();
        await WaitForPodAsync(pod, $"restartCount above {restarts}", p =>
            ContainerStatus(p, "crash")["restartCount"]?.GetValue<int>() > restarts);
        CollectionAssert.Contains(await EventReasonsAsync("crasher"), "BackOff");
    }

    [TestMethod]
    public async Task Sync_MissingImage_ErrImagePullThenImagePullBackOffWithEvent()
    {
        await StartAgentAsync();
        var container = Container("app", "true");
        container["image"] = "127.0.0.1:1/missing/image:1";
        var pod = await CreatePodAsync("missing", container);

        string? Reason(JsonObject p) =>
            ContainerStatus(p, "app")["state"]?["waiting"]?["reason"]?.GetValue<string>();
        await WaitForPodAsync(pod, "waiting ErrImagePull", p => Reason(p) == "ErrImagePull");
        var backingOff = await WaitForPodAsync(pod, "waiting ImagePullBackOff", p => Reason(p) == "ImagePullBackOff");

        Assert.AreEqual("Pending", Phase(backingOff));
        var reasons = await EventReasonsAsync("missing");
        CollectionAssert.Contains(reasons, "Failed");
        CollectionAssert.Contains(reasons, "BackOff");
    }

    [TestMethod]
    public async Task Sync_PodMarkedForDeletion_ContainersRemovedAndPodDeleted()
    {
        await StartAgentAsync();
        var pod = await CreatePodAsync("doomed", Container("sleeper", "sleep", "3600"));
        await WaitForPodAsync(pod, "phase Running", p => Phase(p) == "Running");

        await Store.GuaranteedUpdateAsync(pod.Key, current =>
        {
            var marked = current.ToJsonObject();
            marked["metadata"]!["deletionTimestamp"] = DateTimeOffset.UtcNow.AddSeconds(1)
                .ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
            marked["metadata"]!["deletionGracePeriodSeconds"] = 1;
            return marked;
        }, CancellationToken.None);

        await Eventually.HoldsAsync("pod doomed to be deleted from the store", WaitTimeout,
            async () => await Store.GetAsync(pod.Key, CancellationToken.None) is null);
        Assert.AreEqual(0, (await ContainersOfAsync(pod.Uid)).Count, "containers of the deleted pod");
        Assert.AreEqual(0, (await SandboxesOfAsync(pod.Uid)).Count, "sandboxes of the deleted pod");
        CollectionAssert.Contains(await EventReasonsAsync("doomed"), "Killing");
    }

    [TestMethod]
    public async Task Restart_AgentStoppedAndStartedAgain_KeepsContainerIdsAndRemovesDeletedPods()
    {
        var agent = await StartAgentAsync();
        var kept = await CreatePodAsync("kept", Container("sleeper", "sleep", "3600"));
        var gone = await CreatePodAsync("gone", Container("sleeper", "sleep", "3600"));
        var before = await WaitForPodAsync(kept, "phase Running", p => Phase(p) == "Running");
        await WaitForPodAsync(gone, "phase Running", p => Phase(p) == "Running");
        var containerId = ContainerStatus(before, "sleeper")["containerID"]!.GetValue<string>();

        await agent.DisposeAsync();
        _agents.Remove(agent);
        await Store.DeleteAsync(gone.Key, null, CancellationToken.None);
        await StartAgentAsync();

        // The containers go first, then the pod's log directory: wait for both.
        var logDirectory = CriConfigs.LogDirectory(LogRoot, "default", "gone", gone.Uid.ToString());
        await Eventually.HoldsAsync(
            "containers and log directory of pod gone, deleted while the agent was down, to be removed",
            WaitTimeout,
            async () => (await ContainersOfAsync(gone.Uid)).Count == 0 && !Directory.Exists(logDirectory));
        var containers = await ContainersOfAsync(kept.Uid);
        Assert.AreEqual(1, containers.Count, "containers of pod kept");
        Assert.AreEqual(containerId, PodStatusBuilder.ContainerIdScheme + containers[0].Id);
        Assert.AreEqual(ContainerState.ContainerRunning, containers[0].State);
        var after = (await Store.GetAsync(kept.Key, CancellationToken.None))!.Object;
        Assert.AreEqual(containerId, ContainerStatus(after, "sleeper")["containerID"]!.GetValue<string>());
        Assert.AreEqual(0, ContainerStatus(after, "sleeper")["restartCount"]!.GetValue<int>());
    }

    [TestMethod]
    public async Task Sync_InitContainerThenEnvironment_ContainerSeesConfigMapSecretAndPodFields()
    {
        await StartAgentAsync();
        await Store.CreateAsync(new ObjectKey("configmaps", "default", "settings"), new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "ConfigMap",
            ["metadata"] = new JsonObject { ["name"] = "settings", ["namespace"] = "default" },
            ["data"] = new JsonObject { ["level"] = "debug" },
        }, CancellationToken.None);
        var main = Container("app", "sh", "-c", "echo \"$LEVEL $POD_NAME $POD_IP $NODE\"; sleep 3600");
        main["env"] = JsonNode.Parse($$"""
            [
              { "name": "LEVEL", "valueFrom": { "configMapKeyRef": { "name": "settings", "key": "level" } } },
              { "name": "POD_NAME", "valueFrom": { "fieldRef": { "fieldPath": "metadata.name" } } },
              { "name": "POD_IP", "valueFrom": { "fieldRef": { "fieldPath": "status.podIP" } } },
              { "name": "NODE", "valueFrom": { "fieldRef": { "fieldPath": "spec.nodeName" } } }
            ]
            """);
        var pod = await CreatePodAsync("configured", main,
            init: Container("prepare", "sh", "-c", "echo prepared"));

        var running = await WaitForPodAsync(pod, "phase Running", p => Phase(p) == "Running");

        var podIp = running["status"]!["podIP"]!.GetValue<string>();
        var init = ((JsonArray)running["status"]!["initContainerStatuses"]!)[0]!;
        Assert.AreEqual("Completed", init["state"]?["terminated"]?["reason"]?.GetValue<string>());
        var directory = CriConfigs.LogDirectory(LogRoot, "default", "configured", pod.Uid.ToString());
        var line = await Eventually.SucceedsAsync("the first log line of container app", WaitTimeout, async () =>
            (await File.ReadAllLinesAsync(Path.Combine(directory, "app", "0.log"))).First());
        Assert.AreEqual($"debug configured {podIp} {_node}", line.Split(' ', 4)[3]);
        StringAssert.Contains((await File.ReadAllTextAsync(Path.Combine(directory, "prepare", "0.log"))), "prepared");
    }

    [TestMethod]
    [DataRow("exit 0", "Succeeded", "Completed")]
    [DataRow("exit 3", "Failed", "Error")]
    public async Task Sync_RestartPolicyNever_FinishesWithThePhaseOfTheExit(string script, string phase, string reason)
    {
        await StartAgentAsync();
        var pod = await CreatePodAsync(
            "once-" + phase.ToLowerInvariant(), Container("job", "sh", "-c", script), restartPolicy: "Never");

        var finished = await WaitForPodAsync(pod, $"phase {phase}", p => Phase(p) == phase);

        var state = ContainerStatus(finished, "job")["state"]?["terminated"];
        Assert.AreEqual(reason, state?["reason"]?.GetValue<string>());
        Assert.AreEqual(0, ContainerStatus(finished, "job")["restartCount"]?.GetValue<int>());
        Assert.AreEqual(1, (await ContainersOfAsync(pod.Uid)).Count, "the finished container is kept for its logs");
    }

    private async Task<TestAgent> StartAgentAsync()
    {
        var agent = await TestAgent.StartAsync(Store, Runtime, s_containerd!.Socket, LogRoot, _node);
        _agents.Add(agent);
        return agent;
    }

    private async Task<StoredObject> CreatePodAsync(
        string name, JsonObject container, JsonObject? init = null, string restartPolicy = "Always")
    {
        var pod = new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Pod",
            ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = "default" },
            ["spec"] = new JsonObject
            {
                ["nodeName"] = _node,
                ["restartPolicy"] = restartPolicy,
                ["terminationGracePeriodSeconds"] = 1,
                ["containers"] = new JsonArray(container),
            },
            ["status"] = new JsonObject { ["phase"] = "Pending" },
        };
        if (init is not null)
        {
            pod["spec"]!["initContainers"] = new JsonArray(init);
        }

        return await Store.CreateAsync(new ObjectKey("pods", "default", name), pod, CancellationToken.None);
    }

    private static JsonObject Container(string name, params string[] command) => new()
    {
        ["name"] = name,
        ["image"] = TestPods.Busybox,
        ["imagePullPolicy"] = "IfNotPresent",
        ["command"] = new JsonArray(command.Select(c => (JsonNode?)c).ToArray()),
    };

    private static async Task<JsonObject> WaitForPodAsync(StoredObject pod, string what, Func<JsonObject, bool> test)
    {
        JsonObject? last = null;
        try
        {
            await Eventually.HoldsAsync($"pod {pod.Key.Name}: {what}", WaitTimeout, async () =>
            {
                last = (await Store.GetAsync(pod.Key, CancellationToken.None))?.Object;
                return last is not null && test(last);
            });
        }
        catch (TimeoutException error)
        {
            throw new TimeoutException($"{error.Message}; last status: {last?["status"]?.ToJsonString()}", error);
        }

        return last!;
    }

    private static string? Phase(JsonObject pod) => pod["status"]?["phase"]?.GetValue<string>();

    private static JsonObject ContainerStatus(JsonObject pod, string name) =>
        (pod["status"]?["containerStatuses"] as JsonArray ?? []).OfType<JsonObject>()
            .FirstOrDefault(s => s["name"]?.GetValue<string>() == name) ?? [];

    private static async Task<List<string>> EventReasonsAsync(string podName)
    {
        var page = await Store.ListAsync(new ListRequest("events") { Namespace = "default" }, CancellationToken.None);
        return page.Items
            .Where(e => e.Object["involvedObject"]?["name"]?.GetValue<string>() == podName)
            .Select(e => e.Object["reason"]?.GetValue<string>() ?? "")
            .ToList();
    }

    private static async Task<IReadOnlyList<Container>> ContainersOfAsync(Guid uid) =>
        await Runtime.ListContainersAsync(
            new ContainerFilter { LabelSelector = { [PodLabels.PodUid] = uid.ToString() } }, CancellationToken.None);

    private static async Task<IReadOnlyList<PodSandbox>> SandboxesOfAsync(Guid uid) =>
        await Runtime.ListPodSandboxesAsync(
            new PodSandboxFilter { LabelSelector = { [PodLabels.PodUid] = uid.ToString() } }, CancellationToken.None);

    private async Task AssertNodeReadyAsync()
    {
        var node = (await Store.GetAsync(new ObjectKey("nodes", "", _node), CancellationToken.None))?.Object;
        Assert.IsNotNull(node, $"node {_node}");
        var ready = (node["status"]?["conditions"] as JsonArray ?? []).OfType<JsonObject>()
            .First(c => c["type"]?.GetValue<string>() == "Ready");
        Assert.AreEqual("True", ready["status"]?.GetValue<string>(), ready.ToJsonString());
        StringAssert.StartsWith(node["status"]?["nodeInfo"]?["containerRuntimeVersion"]?.GetValue<string>(),
            "containerd://");
        var lease = await Store.GetAsync(
            new ObjectKey("coordination.k8s.io/leases", "kube-node-lease", _node), CancellationToken.None);
        Assert.IsNotNull(lease, "the node's lease");
    }
}
