using Orchestrator.EndToEnd.Tests.Support;
using Orchestrator.Testing;

namespace Orchestrator.EndToEnd.Tests.Scheduling;

/// <summary>
/// Placement that depends on the pods already placed, as kubectl sees it: required pod anti-affinity and
/// affinity on kubernetes.io/hostname, and topologySpreadConstraints on topology.kubernetes.io/zone. A stack of its
/// own whose node agent hosts three simulated nodes over two zones (zone-a holds nodes 0 and 2, zone-b node 1).
/// Each test works in its own namespace, and the terms only match pods of their namespace.
/// </summary>
[TestClass]
[TestCategory("EndToEnd")]
public sealed class PodAffinityTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(45);
    private static ApiStack? s_stack;

    private static ApiStack Stack => s_stack ?? throw new InvalidOperationException("ClassInitialize has not run");

    private static Support.Kubectl Kubectl => Stack.Kubectl(KubectlVersions.Current);

    [ClassInitialize]
    public static async Task StartStackAsync(TestContext context) =>
        s_stack = await ApiStack.CreateAsync(controlPlanes: 1, simulatedNodes: 3, zones: ["zone-a", "zone-b"]);

    [ClassCleanup]
    public static async Task StopStackAsync()
    {
        if (s_stack is not null)
        {
            await s_stack.DisposeAsync();
            s_stack = null;
        }
    }

    [TestMethod]
    public async Task AntiAffinityOnHostname_ThreeReplicasOnePerNode_FourthPendingWithFailedScheduling()
    {
        const string ns = "affinity-anti";
        await ApplyAsync(ns, Deployment(ns, "web", 3, """
                  affinity:
                    podAntiAffinity:
                      requiredDuringSchedulingIgnoredDuringExecution:
                      - topologyKey: kubernetes.io/hostname
                        labelSelector: {matchLabels: {app: web}}
            """));

        var nodes = await BoundNodesAsync(ns, "app=web", 3);
        Assert.AreEqual(3, nodes.Distinct().Count(), $"one replica per node: {string.Join(' ', nodes)}");

        (await Kubectl.RunAsync("scale", "deploy/web", "--replicas=4", "-n", ns)).Succeeded();

        var warning = await Eventually.SucceedsAsync("a FailedScheduling event", Deadline, async () =>
        {
            var output = (await Kubectl.RunAsync("get", "events", "-n", ns, "-o",
                "jsonpath={range .items[?(@.reason==\"FailedScheduling\")]}{.type}|{.message}{\"\\n\"}{end}"))
                .Succeeded().Output.Trim();
            Assert.AreNotEqual("", output);
            return output;
        });
        StringAssert.StartsWith(warning, "Warning|0/3 nodes are available: ");
        StringAssert.Contains(warning, "3 node(s) didn't match pod anti-affinity rules");
        var phases = (await Kubectl.RunAsync("get", "pods", "-n", ns, "-l", "app=web", "-o",
            "jsonpath={range .items[*]}{.status.phase}|{.spec.nodeName}{\"\\n\"}{end}")).Succeeded().Output;
        Assert.AreEqual(1, phases.Split('\n').Count(line => line == "Pending|"), phases);
        Assert.AreEqual(3, (await BoundNodesAsync(ns, "app=web", 3)).Distinct().Count());
    }

    [TestMethod]
    public async Task SpreadOverZones_MaxSkewOne_FourReplicasTwoPerZone()
    {
        const string ns = "affinity-spread";
        await ApplyAsync(ns, Deployment(ns, "spread", 4, """
                  topologySpreadConstraints:
                  - maxSkew: 1
                    topologyKey: topology.kubernetes.io/zone
                    whenUnsatisfiable: DoNotSchedule
                    labelSelector: {matchLabels: {app: spread}}
            """));

        var nodes = await BoundNodesAsync(ns, "app=spread", 4);
        var zones = new List<string>();
        foreach (var node in nodes)
        {
            zones.Add((await Kubectl.RunAsync("get", "node", node, "-o",
                "jsonpath={.metadata.labels.topology\\.kubernetes\\.io/zone}")).Succeeded().Output);
        }

        Assert.AreEqual(2, zones.Count(z => z == "zone-a"), string.Join(' ', zones));
        Assert.AreEqual(2, zones.Count(z => z == "zone-b"), string.Join(' ', zones));
    }

    [TestMethod]
    public async Task AffinityOnHostname_FollowersLandOnTheLeadersNode()
    {
        const string ns = "affinity-follow";
        await ApplyAsync(ns, Deployment(ns, "x", 1, ""));
        var leader = (await BoundNodesAsync(ns, "app=x", 1)).Single();

        await ApplyAsync(ns, Deployment(ns, "follower", 3, """
                  affinity:
                    podAffinity:
                      requiredDuringSchedulingIgnoredDuringExecution:
                      - topologyKey: kubernetes.io/hostname
                        labelSelector: {matchLabels: {app: x}}
            """));

        var followers = await BoundNodesAsync(ns, "app=follower", 3);
        CollectionAssert.AreEqual(new[] { leader, leader, leader }, followers.ToList());
    }

    private static async Task ApplyAsync(string ns, string manifest)
    {
        await Kubectl.RunAsync("create", "namespace", ns);
        (await Kubectl.RunAsync(["apply", "-f", "-"], manifest, null)).Succeeded();
    }

    // A Deployment of busybox pods labelled app=<name>; podSpec is YAML indented to sit under template.spec.
    private static string Deployment(string ns, string name, int replicas, string podSpec) => $$$"""
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: {{{name}}}, namespace: {{{ns}}}}
        spec:
          replicas: {{{replicas}}}
          selector: {matchLabels: {app: {{{name}}}}}
          template:
            metadata: {labels: {app: {{{name}}}}}
            spec:
              containers: [{name: busybox, image: "busybox:1.36"}]
        {{{podSpec}}}
        """;

    // The nodes of the pods matching the selector, once at least `count` of them are bound.
    private static Task<IReadOnlyList<string>> BoundNodesAsync(string ns, string selector, int count) =>
        Eventually.SucceedsAsync($"{count} pods {selector} bound", Deadline, async () =>
        {
            var output = (await Kubectl.RunAsync("get", "pods", "-n", ns, "-l", selector, "-o",
                "jsonpath={range .items[*]}{.spec.nodeName}{\"\\n\"}{end}")).Succeeded().Output;
            var nodes = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.AreEqual(count, nodes.Length, output);
            return (IReadOnlyList<string>)nodes;
        });
}
