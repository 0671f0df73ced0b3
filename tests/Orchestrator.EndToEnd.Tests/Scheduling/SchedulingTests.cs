using System.Text;
using Orchestrator.EndToEnd.Tests.Support;
using Orchestrator.Testing;

namespace Orchestrator.EndToEnd.Tests.Scheduling;

/// <summary>
/// The default scheduler in the control plane, as kubectl sees it: Node objects with capacity, pods bound to
/// fitting nodes with Scheduled events, unschedulable pods with FailedScheduling. Each test's nodes carry a taint
/// only its own pods tolerate, so pods of other tests are never placed on them.
/// </summary>
[TestClass]
[TestCategory("EndToEnd")]
public sealed class SchedulingTests
{
    private const string TestTaint = "e2e.orchestrator.dev/scheduling";
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    private static Support.Kubectl Kubectl => ApiStack.Current.Kubectl();

    [TestMethod]
    public async Task Schedule_PodFitsANode_BoundWithConditionAndScheduledEvent()
    {
        const string ns = "sched-fit";
        await CreateNamespaceAsync(ns);
        await ApplyNodeAsync(ns, "sched-fit-a", cpu: "2", pods: 10);
        await ApplyNodeAsync(ns, "sched-fit-b", cpu: "2", pods: 10);
        var kept = await Kubectl.RunAsync("get", "node", "sched-fit-a", "-o", "jsonpath={.status.allocatable.cpu}");
        Assert.AreEqual("2", kept.Succeeded().Output, "a created Node keeps its status, as in Kubernetes");

        await ApplyPodsAsync(ns, Pod(ns, "web", cpu: "500m"));

        var node = await BoundNodeAsync(ns, "web");
        StringAssert.StartsWith(node, "sched-fit-");
        var condition = await Kubectl.RunAsync("get", "pod", "web", "-n", ns, "-o",
            "jsonpath={.status.conditions[?(@.type==\"PodScheduled\")].status}");
        Assert.AreEqual("True", condition.Succeeded().Output);
        var events = await Kubectl.RunAsync("get", "events", "-n", ns,
            "-o", "jsonpath={range .items[?(@.reason==\"Scheduled\")]}{.type}|{.message}|{.source.component}|" +
            "{.reportingComponent}|{.count}|{.involvedObject.uid}{\"\\n\"}{end}");
        var uid = (await Kubectl.RunAsync("get", "pod", "web", "-n", ns, "-o", "jsonpath={.metadata.uid}"))
            .Succeeded().Output;
        Assert.AreEqual(
            $"Normal|Successfully assigned {ns}/web to {node}|default-scheduler|default-scheduler|1|{uid}",
            events.Succeeded().Output.Trim());
        var table = await Kubectl.RunAsync("get", "events", "-n", ns);
        StringAssert.Contains(table.Succeeded().Output, $"Successfully assigned {ns}/web to {node}");
    }

    [TestMethod]
    public async Task Schedule_PodLargerThanEveryNode_UnschedulableUntilALargeNodeIsAdded()
    {
        const string ns = "sched-big";
        await CreateNamespaceAsync(ns);
        await ApplyNodeAsync(ns, "sched-big-small-1", cpu: "2", pods: 10);
        await ApplyNodeAsync(ns, "sched-big-small-2", cpu: "2", pods: 10);

        await ApplyPodsAsync(ns, Pod(ns, "huge", cpu: "8"));

        var message = await Eventually.SucceedsAsync("the pod to be marked Unschedulable", Deadline, async () =>
        {
            var output = (await Kubectl.RunAsync("get", "pod", "huge", "-n", ns, "-o",
                "jsonpath={.status.conditions[?(@.type==\"PodScheduled\")]['status','reason','message']}"))
                .Succeeded().Output;
            StringAssert.StartsWith(output, "False Unschedulable 0/");
            return output["False Unschedulable ".Length..];
        });
        StringAssert.Contains(message, " nodes are available: ");
        StringAssert.Contains(message, "2 Insufficient cpu");
        var warning = await Eventually.SucceedsAsync("a FailedScheduling event", Deadline, async () =>
        {
            var output = (await Kubectl.RunAsync("get", "events", "-n", ns, "-o",
                "jsonpath={range .items[?(@.reason==\"FailedScheduling\")]}{.type}|{.message}{\"\\n\"}{end}"))
                .Succeeded().Output.Trim();
            Assert.AreNotEqual("", output);
            return output;
        });
        Assert.AreEqual(1, warning.Split('\n').Length, $"one event, counted when repeated:\n{warning}");
        StringAssert.StartsWith(warning, "Warning|0/");
        StringAssert.Contains(warning, "2 Insufficient cpu");
        Assert.AreEqual("", (await Kubectl.RunAsync("get", "pod", "huge", "-n", ns, "-o",
            "jsonpath={.spec.nodeName}")).Succeeded().Output);

        await ApplyNodeAsync(ns, "sched-big-large", cpu: "16", pods: 10);

        Assert.AreEqual("sched-big-large", await BoundNodeAsync(ns, "huge"));
    }

    [TestMethod]
    public async Task Schedule_NodeSelectorAndTaints_OnlyMatchingTolerableNodes()
    {
        const string ns = "sched-select";
        await CreateNamespaceAsync(ns);
        await ApplyNodeAsync(ns, "sched-select-ssd", cpu: "4", pods: 10, labels: "disk: ssd");
        await ApplyNodeAsync(ns, "sched-select-plain", cpu: "8", pods: 10);
        await ApplyNodeAsync(ns, "sched-select-gpu", cpu: "8", pods: 10, labels: "disk: ssd",
            taints: "- {key: dedicated, value: gpu, effect: NoSchedule}");

        await ApplyPodsAsync(ns,
            Pod(ns, "wants-ssd", cpu: "100m", nodeSelector: "disk: ssd"),
            Pod(ns, "wants-hdd", cpu: "100m", nodeSelector: "disk: hdd"),
            Pod(ns, "gpu-tolerant", cpu: "100m", nodeSelector: "disk: ssd",
                toleration: "- {key: dedicated, operator: Equal, value: gpu, effect: NoSchedule}"));

        Assert.AreEqual("sched-select-ssd", await BoundNodeAsync(ns, "wants-ssd"),
            "the pod goes to the labelled node without the taint");
        StringAssert.Contains("sched-select-ssd sched-select-gpu", await BoundNodeAsync(ns, "gpu-tolerant"));
        var message = await Eventually.SucceedsAsync("wants-hdd to be Unschedulable", Deadline, async () =>
        {
            var output = (await Kubectl.RunAsync("get", "pod", "wants-hdd", "-n", ns, "-o",
                "jsonpath={.status.conditions[?(@.type==\"PodScheduled\")].message}")).Succeeded().Output;
            StringAssert.StartsWith(output, "0/");
            return output;
        });

        // Taints are checked before the selector, as kube-scheduler's filters run.
        StringAssert.Contains(message, "2 node(s) didn't match Pod's node affinity/selector");
        StringAssert.Contains(message, "node(s) had untolerated taint {dedicated: gpu}");
    }

    [TestMethod]
    [Timeout(300_000)]
    public async Task Schedule_TwoHundredPodsOnFiveNodesOfForty_NoNodeOvercommittedAndDeletionFreesRoom()
    {
        const string ns = "sched-many";
        await CreateNamespaceAsync(ns);
        for (var i = 1; i <= 5; i++)
        {
            await ApplyNodeAsync(ns, $"sched-many-{i}", cpu: "64", pods: 40);
        }

        await ApplyPodsAsync(ns, Enumerable.Range(0, 200).Select(i => Pod(ns, $"p-{i:D3}", cpu: "50m")).ToArray());

        var placement = await Eventually.SucceedsAsync("all 200 pods to be bound", TimeSpan.FromSeconds(180),
            async () =>
            {
                var nodes = await NodeNamesAsync(ns);
                Assert.AreEqual(200, nodes.Count(n => n.Length > 0), "bound pods");
                return nodes;
            });
        foreach (var group in placement.GroupBy(n => n))
        {
            Assert.AreEqual(40, group.Count(), $"pods on {group.Key}");
        }

        await ApplyPodsAsync(ns, Pod(ns, "one-too-many", cpu: "50m"));
        await Eventually.HoldsAsync("one-too-many to be Unschedulable with Too many pods", Deadline, async () =>
            (await Kubectl.RunAsync("get", "pod", "one-too-many", "-n", ns, "-o",
                "jsonpath={.status.conditions[?(@.type==\"PodScheduled\")].message}")).Output
            .Contains("5 Too many pods", StringComparison.Ordinal));

        (await Kubectl.RunAsync("delete", "pod", "p-000", "-n", ns, "--force", "--grace-period=0")).Succeeded();

        StringAssert.StartsWith(await BoundNodeAsync(ns, "one-too-many"), "sched-many-");
        var after = await NodeNamesAsync(ns);
        Assert.IsTrue(after.GroupBy(n => n).All(g => g.Count() <= 40), string.Join(",", after));
    }

    private static async Task CreateNamespaceAsync(string ns) =>
        (await Kubectl.RunAsync("create", "namespace", ns)).Succeeded();

    // Every node of a test carries the test's taint, so only the test's pods (which tolerate it) land there.
    private static async Task ApplyNodeAsync(
        string test, string name, string cpu, int pods, string labels = "", string taints = "")
    {
        var manifest = Manifests.Write($"{test}/node-{name}.yaml", $$"""
            apiVersion: v1
            kind: Node
            metadata:
              name: {{name}}
              labels:
                kubernetes.io/hostname: {{name}}
                {{labels}}
            spec:
              taints:
              - {key: {{TestTaint}}, value: {{test}}, effect: NoSchedule}
              {{taints}}
            status:
              capacity: {cpu: "{{cpu}}", memory: 64Gi, pods: "{{pods}}"}
              allocatable: {cpu: "{{cpu}}", memory: 64Gi, pods: "{{pods}}"}
            """);
        (await Kubectl.RunAsync("apply", "-f", manifest)).Succeeded();
    }

    private static string Pod(
        string ns, string name, string cpu, string nodeSelector = "", string toleration = "") => $$"""
        apiVersion: v1
        kind: Pod
        metadata:
          name: {{name}}
          namespace: {{ns}}
        spec:
          {{(nodeSelector.Length > 0 ? "nodeSelector: {" + nodeSelector + "}" : "")}}
          tolerations:
          - {key: {{TestTaint}}, operator: Equal, value: {{ns}}, effect: NoSchedule}
          {{toleration}}
          containers:
          - name: app
            image: registry.k8s.io/pause:3.10
            resources:
              requests: {cpu: "{{cpu}}", memory: 16Mi}
        """;

    private static async Task ApplyPodsAsync(string ns, params string[] pods)
    {
        var yaml = new StringBuilder();
        foreach (var pod in pods)
        {
            yaml.Append("---\n").Append(pod).Append('\n');
        }

        var manifest = Manifests.Write($"{ns}/pods-{Guid.NewGuid():N}.yaml", yaml.ToString());
        (await Kubectl.RunAsync("create", "-f", manifest)).Succeeded();
    }

    private static Task<string> BoundNodeAsync(string ns, string pod) =>
        Eventually.SucceedsAsync($"pod {ns}/{pod} to be bound to a node", Deadline, async () =>
        {
            var node = (await Kubectl.RunAsync("get", "pod", pod, "-n", ns, "-o", "jsonpath={.spec.nodeName}"))
                .Succeeded().Output;
            Assert.AreNotEqual("", node, $"{pod} has no node yet");
            return node;
        });

    private static async Task<List<string>> NodeNamesAsync(string ns) =>
        (await Kubectl.RunAsync("get", "pods", "-n", ns, "-o",
            "jsonpath={range .items[*]}{.spec.nodeName}{\"\\n\"}{end}")).Succeeded().Output
            .Split('\n', StringSplitOptions.RemoveEmptyEntries).ToList();
}
