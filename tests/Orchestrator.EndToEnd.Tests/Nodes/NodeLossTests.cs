using System.Diagnostics;
using Orchestrator.EndToEnd.Tests.Support;
using Orchestrator.Testing;

namespace Orchestrator.EndToEnd.Tests.Nodes;

/// <summary>
/// A node whose agent dies: kubectl sees it turn NotReady (Unknown, unreachable taints) within the lease grace
/// period, and its pods run again on the surviving nodes within the eviction timeout after that. Runs on a stack of
/// its own with the control plane's default node lifecycle settings and two node-agent processes.
/// </summary>
[TestClass]
[TestCategory("EndToEnd")]
public sealed class NodeLossTests
{
    private const string Namespace = "node-loss";
    private const string SurvivorPrefix = "keep";
    private const string LostPrefix = "lost";
    private const string LostNode = "lost-0";
    private const int Replicas = 6;

    // The control plane's defaults (NodeLifecycleOptions) and the simulated node's Lease (SimulatedNodeOptions).
    private static readonly TimeSpan GracePeriod = TimeSpan.FromSeconds(40);
    private static readonly TimeSpan EvictionTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan PassInterval = TimeSpan.FromSeconds(1);

    // What a kubectl round trip and the replacement (ReplicaSet, scheduler, simulated kubelet) may add.
    private static readonly TimeSpan Slack = TimeSpan.FromSeconds(3);

    // Room for three pods of 500m per node: the least-allocated score spreads the six over the three nodes, and the
    // two survivors can hold all six.
    private static readonly Dictionary<string, string> NodeSize = new() { ["Simulation__Cpu"] = "1500m" };

    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public async Task KillNodeAgent_NodeTurnsUnknownThenPodsRunElsewhere_WithinTheTimeouts()
    {
        await using var stack = await ApiStack.CreateAsync(controlPlanes: 1);
        await stack.StartNodeAgentAsync(SurvivorPrefix, nodes: 2, NodeSize);
        await stack.StartNodeAgentAsync(LostPrefix, nodes: 1, NodeSize);
        var kubectl = stack.Kubectl(KubectlVersions.Current);
        await CreateSpreadDeploymentAsync(stack, kubectl);

        var before = await PodsAsync(kubectl);
        TestContext.WriteLine("before: " + string.Join(", ", before.Select(p => $"{p.Name}@{p.Node}")));
        Assert.IsTrue(before.Any(p => p.Node == LostNode), $"no pod was placed on {LostNode} to lose");

        // 1. The agent of one node dies; the node turns Unknown once its Lease goes unrenewed past the grace.
        var clock = Stopwatch.StartNew();
        await stack.KillNodeAgentAsync(LostPrefix);
        await Eventually.HoldsAsync($"node {LostNode} Ready=Unknown", GracePeriod + TimeSpan.FromSeconds(30),
            async () => (await kubectl.RunAsync("get", "node", LostNode, "-o",
                "jsonpath={.status.conditions[?(@.type==\"Ready\")].status}")).Output == "Unknown");
        var notReadyAfter = clock.Elapsed;
        TestContext.WriteLine($"node {LostNode} NotReady (Unknown) {notReadyAfter.TotalSeconds:F1} s after its " +
            $"agent was killed (grace period {GracePeriod.TotalSeconds:F0} s)");

        var describe = (await kubectl.RunAsync("describe", "node", LostNode)).Succeeded().Output;
        TestContext.WriteLine(describe);

        // 2. Its pods are deleted after the eviction timeout and replaced on the surviving nodes.
        clock.Restart();
        await Eventually.HoldsAsync($"{Replicas} pods Running and Ready off {LostNode}", TimeSpan.FromSeconds(60),
            async () =>
            {
                var pods = await PodsAsync(kubectl);
                return pods.Count == Replicas && pods.All(p => p.Node != LostNode && p.IsRunningAndReady);
            });
        var recoveredAfter = clock.Elapsed;
        TestContext.WriteLine($"all {Replicas} replicas Running and Ready on the surviving nodes " +
            $"{recoveredAfter.TotalSeconds:F1} s after {LostNode} turned NotReady " +
            $"(eviction timeout {EvictionTimeout.TotalSeconds:F0} s)");
        TestContext.WriteLine((await kubectl.RunAsync("get", "pods", "-n", Namespace, "-o", "wide")).Output);

        Assert.IsLessThanOrEqualTo(GracePeriod + PassInterval + Slack, notReadyAfter,
            "time from the kill to NotReady");
        Assert.IsLessThanOrEqualTo(EvictionTimeout + PassInterval + Slack, recoveredAfter,
            "time from NotReady to all replicas Running elsewhere");
        StringAssert.Contains(describe, "node.kubernetes.io/unreachable:NoExecute");
        StringAssert.Contains(describe, "node.kubernetes.io/unreachable:NoSchedule");
        StringAssert.Matches(describe, new System.Text.RegularExpressions.Regex(
            @"Ready\s+Unknown\s.*NodeStatusUnknown\s+Kubelet stopped posting node status\."));
    }

    // Six replicas of 500m each.
    private static async Task CreateSpreadDeploymentAsync(ApiStack stack, Support.Kubectl kubectl)
    {
        (await kubectl.RunAsync("create", "namespace", Namespace)).Succeeded();
        var manifest = $$$"""
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: web, namespace: {{{Namespace}}}}
            spec:
              replicas: {{{Replicas}}}
              selector: {matchLabels: {app: web}}
              template:
                metadata: {labels: {app: web}}
                spec:
                  containers:
                  - name: busybox
                    image: busybox:1.36
                    resources:
                      requests: {cpu: 500m}
            """;
        (await kubectl.RunAsync(["apply", "-f", "-"], manifest, null)).Succeeded();
        var status = await kubectl.RunAsync(["rollout", "status", "deploy/web", "-n", Namespace, "--timeout=120s"],
            null, null, TimeSpan.FromSeconds(150));
        var logs = stack.Logs;
        Assert.AreEqual(0, status.ExitCode,
            $"{status.Command}: {status.Error}\n{logs[^Math.Min(logs.Length, 6000)..]}");
    }

    // The pods of the Deployment that are not being deleted.
    private static async Task<IReadOnlyList<PodLine>> PodsAsync(Support.Kubectl kubectl)
    {
        var read = (await kubectl.RunAsync("get", "pods", "-n", Namespace, "-l", "app=web", "-o",
            "jsonpath={range .items[*]}{.metadata.name} {.spec.nodeName} {.status.phase} " +
            "{.status.conditions[?(@.type==\"Ready\")].status} {.metadata.deletionTimestamp}{\"\\n\"}{end}"))
            .Succeeded().Output;
        return read.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(fields => fields.Length == 4)
            .Select(fields => new PodLine(fields[0], fields[1], fields[2] == "Running" && fields[3] == "True"))
            .ToList();
    }

    private sealed record PodLine(string Name, string Node, bool IsRunningAndReady);
}
