using System.Globalization;
using Orchestrator.EndToEnd.Tests.Support;
using Orchestrator.Testing;

namespace Orchestrator.EndToEnd.Tests.Kubectl;

/// <summary>
/// Deployments and ReplicaSets reconciled by the control plane, as kubectl drives them. No node runs the pods,
/// so the tests make pods Ready by writing their status, as a kubelet would.
/// </summary>
[TestClass]
[TestCategory("EndToEnd")]
public sealed class DeploymentTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    [TestMethod]
    public async Task CreateDeployment_ThenScale_ReplicaSetKeepsPodCount()
    {
        var kubectl = ApiStack.Current.Kubectl(KubectlVersions.Current);
        const string ns = "deploy-scale";
        (await kubectl.RunAsync("create", "namespace", ns)).Succeeded();

        (await kubectl.RunAsync("create", "deployment", "web", "--image=busybox:1.36", "--replicas=3", "-n", ns))
            .Succeeded();

        await PodCountIsAsync(kubectl, ns, 3);
        var replicaSets = await ReplicaSetsAsync(kubectl, ns);
        Assert.HasCount(1, replicaSets, "one ReplicaSet for one template");
        var hash = (await kubectl.RunAsync("get", "rs", replicaSets[0], "-n", ns, "-o",
            "jsonpath={.metadata.labels.pod-template-hash}")).Succeeded().Output;
        Assert.AreEqual($"web-{hash}", replicaSets[0]);
        var pods = (await kubectl.RunAsync("get", "pods", "-n", ns, "-l", "app=web", "-o",
            "jsonpath={range .items[*]}{.metadata.labels.pod-template-hash} " +
            "{.metadata.ownerReferences[0].kind}/{.metadata.ownerReferences[0].name}{\"\\n\"}{end}"))
            .Succeeded().Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.HasCount(3, pods);
        foreach (var pod in pods)
        {
            Assert.AreEqual($"{hash} ReplicaSet/{replicaSets[0]}", pod);
        }

        foreach (var replicas in new[] { 5, 0, 2 })
        {
            (await kubectl.RunAsync("scale", "deploy", "web", $"--replicas={replicas}", "-n", ns)).Succeeded();
            await PodCountIsAsync(kubectl, ns, replicas);
        }

        var events = (await kubectl.RunAsync("get", "events", "-n", ns)).Succeeded().Output;
        StringAssert.Contains(events, $"Scaled up replica set {replicaSets[0]} to 3 from 0");
        StringAssert.Contains(events, "SuccessfulCreate");
        StringAssert.Contains(events, $"Created pod: {replicaSets[0]}-");
        StringAssert.Contains(events, "SuccessfulDelete");
    }

    [TestMethod]
    public async Task SetImage_WithReadyPods_RollsOverAndRecordsHistory()
    {
        var kubectl = ApiStack.Current.Kubectl(KubectlVersions.Current);
        const string ns = "deploy-rollout";
        (await kubectl.RunAsync("create", "namespace", ns)).Succeeded();
        (await kubectl.RunAsync("create", "deployment", "web", "--image=busybox:1.36", "--replicas=2", "-n", ns))
            .Succeeded();
        await PodCountIsAsync(kubectl, ns, 2);
        await RolloutCompletesAsync(kubectl, ns);
        (await kubectl.RunAsync("rollout", "status", "deploy/web", "-n", ns, "--timeout=60s")).Succeeded();

        (await kubectl.RunAsync("set", "image", "deploy/web", "busybox=busybox:1.37", "-n", ns)).Succeeded();

        await RolloutCompletesAsync(kubectl, ns);
        var status = await kubectl.RunAsync("rollout", "status", "deploy/web", "-n", ns, "--timeout=60s");
        StringAssert.Contains(status.Succeeded().Output, "successfully rolled out");
        var replicaSets = (await kubectl.RunAsync("get", "rs", "-n", ns, "-o",
            "jsonpath={range .items[*]}{.spec.replicas} {.spec.template.spec.containers[0].image}{\"\\n\"}{end}"))
            .Succeeded().Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Order().ToList();
        CollectionAssert.AreEqual(new[] { "0 busybox:1.36", "2 busybox:1.37" }, replicaSets);
        var images = (await kubectl.RunAsync("get", "pods", "-n", ns, "-o",
            "jsonpath={.items[*].spec.containers[0].image}")).Succeeded().Output;
        Assert.AreEqual("busybox:1.37 busybox:1.37", images);
        var history = (await kubectl.RunAsync("rollout", "history", "deploy/web", "-n", ns)).Succeeded().Output;
        var revisions = history.Split('\n').Select(line => line.Split(' ', 2)[0]).Where(r => r is "1" or "2");
        CollectionAssert.AreEqual(new[] { "1", "2" }, revisions.ToList(), history);

        (await kubectl.RunAsync("delete", "deploy", "web", "-n", ns)).Succeeded();

        await Eventually.HoldsAsync("the ReplicaSets and pods to be collected", Deadline, async () =>
            (await ReplicaSetsAsync(kubectl, ns)).Count == 0 && await PodNamesAsync(kubectl, ns) is []);
    }

    // Makes every pod Ready until the Deployment reports all replicas updated and available.
    private static Task RolloutCompletesAsync(Support.Kubectl kubectl, string ns) =>
        Eventually.HoldsAsync("the rollout to complete", Deadline, async () =>
        {
            foreach (var pod in await PodNamesAsync(kubectl, ns))
            {
                var now = DateTimeOffset.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
                var ready = $$$"""
                    {"status":{"phase":"Running",
                    "conditions":[{"type":"Ready","status":"True","lastTransitionTime":"{{{now}}}"}]}}
                    """;
                await kubectl.RunAsync(
                    "patch", "pod", pod, "-n", ns, "--subresource=status", "--type=merge", "-p", ready);
            }

            var state = (await kubectl.RunAsync("get", "deploy", "web", "-n", ns, "-o",
                "jsonpath={.metadata.generation}/{.status.observedGeneration} {.spec.replicas}/" +
                "{.status.replicas}/{.status.updatedReplicas}/{.status.availableReplicas}")).Output.Split(' ');
            var generations = state[0].Split('/');
            var counts = state.Length > 1 ? state[1].Split('/') : [];
            return generations[0] == generations[1] && counts.Length == 4 && counts.Distinct().Count() == 1;
        });

    private static Task PodCountIsAsync(Support.Kubectl kubectl, string ns, int count) =>
        Eventually.HoldsAsync($"{count} pods", Deadline, async () => (await PodNamesAsync(kubectl, ns)).Count == count);

    private static async Task<List<string>> PodNamesAsync(Support.Kubectl kubectl, string ns) =>
        (await kubectl.RunAsync("get", "pods", "-n", ns, "-l", "app=web", "-o",
            "jsonpath={.items[*].metadata.name}")).Succeeded().Output
            .Split(' ', StringSplitOptions.RemoveEmptyEntries).ToList();

    private static async Task<List<string>> ReplicaSetsAsync(Support.Kubectl kubectl, string ns) =>
        (await kubectl.RunAsync("get", "rs", "-n", ns, "-o", "jsonpath={.items[*].metadata.name}")).Succeeded()
            .Output.Split(' ', StringSplitOptions.RemoveEmptyEntries).ToList();
}
