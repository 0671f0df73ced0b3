using System.Diagnostics;
using Orchestrator.EndToEnd.Tests.Support;
using Orchestrator.Testing;

namespace Orchestrator.EndToEnd.Tests.Workloads;

/// <summary>
/// A Deployment and its pods survive a restart of every control-plane silo: once kubectl answers again, the same
/// ReplicaSet and pods (same uids) are there, nothing is added or replaced while the restarted controllers
/// reconcile, and the Deployment still scales. Runs on a stack of its own: two silos, three simulated nodes.
/// </summary>
[TestClass]
[TestCategory("EndToEnd")]
public sealed class ControlPlaneRestartTests
{
    private const string Namespace = "restart";
    private const int Replicas = 5;
    private static readonly TimeSpan ObservationWindow = TimeSpan.FromSeconds(10);

    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public async Task RestartEveryControlPlane_DeploymentKeepsItsPodsAndStillScales()
    {
        await using var stack = await ApiStack.CreateAsync(controlPlanes: 2, simulatedNodes: 3);
        var kubectl = stack.Kubectl(KubectlVersions.Current);
        await CreateDeploymentAsync(stack, kubectl);
        var before = await UidsAsync(kubectl);
        TestContext.WriteLine($"before: {before}");
        Assert.HasCount(Replicas, before.Pods, before.ToString());
        Assert.HasCount(1, before.ReplicaSets, before.ToString());

        // 1. Every silo dies at once, then starts again with the same database, identity key and ports.
        await stack.KillControlPlaneAsync(1);
        await stack.KillControlPlaneAsync(2);
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(stack.RestartControlPlaneAsync(1), stack.RestartControlPlaneAsync(2));
        await Eventually.HoldsAsync("kubectl to answer through the restarted silos", TimeSpan.FromSeconds(90),
            async () => (await kubectl.RunAsync("get", "deploy", "web", "-n", Namespace)).ExitCode == 0);
        TestContext.WriteLine($"kubectl answered {clock.Elapsed.TotalSeconds:F1} s after the restart began");

        // 2. While the restarted controllers resync, nothing is created, deleted or replaced.
        var window = Stopwatch.StartNew();
        var looks = 0;
        while (window.Elapsed < ObservationWindow)
        {
            var now = await UidsAsync(kubectl);
            looks++;
            Assert.AreEqual(before.ToString(), now.ToString(),
                $"pods or ReplicaSets changed {window.Elapsed.TotalSeconds:F1} s into the window");
            await Task.Delay(500);
        }

        TestContext.WriteLine($"unchanged over {looks} looks in {ObservationWindow.TotalSeconds:F0} s");
        var ready = (await kubectl.RunAsync("get", "deploy", "web", "-n", Namespace, "-o",
            "jsonpath={.status.readyReplicas}/{.spec.replicas}")).Succeeded().Output;
        Assert.AreEqual($"{Replicas}/{Replicas}", ready);

        // 3. The Deployment still reconciles: one more replica, the five kept.
        (await kubectl.RunAsync("scale", "deploy/web", $"--replicas={Replicas + 1}", "-n", Namespace)).Succeeded();
        await RolloutStatusAsync(stack, kubectl);
        var after = await UidsAsync(kubectl);
        TestContext.WriteLine($"after scaling: {after}");
        Assert.HasCount(Replicas + 1, after.Pods, after.ToString());
        CollectionAssert.IsSubsetOf(before.Pods.ToList(), after.Pods.ToList(), after.ToString());
        CollectionAssert.AreEqual(before.ReplicaSets.ToList(), after.ReplicaSets.ToList(), after.ToString());
    }

    private static async Task CreateDeploymentAsync(ApiStack stack, Support.Kubectl kubectl)
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
            """;
        (await kubectl.RunAsync(["apply", "-f", "-"], manifest, null)).Succeeded();
        await RolloutStatusAsync(stack, kubectl);
    }

    private static async Task RolloutStatusAsync(ApiStack stack, Support.Kubectl kubectl)
    {
        var status = await kubectl.RunAsync(["rollout", "status", "deploy/web", "-n", Namespace, "--timeout=120s"],
            null, null, TimeSpan.FromSeconds(150));
        var logs = stack.Logs;
        Assert.AreEqual(0, status.ExitCode,
            $"{status.Command}: {status.Error}\n{logs[^Math.Min(logs.Length, 6000)..]}");
    }

    // The uids of the namespace's pods and ReplicaSets, each sorted.
    private static async Task<Uids> UidsAsync(Support.Kubectl kubectl)
    {
        var pods = (await kubectl.RunAsync("get", "pods", "-n", Namespace, "-o",
            "jsonpath={.items[*].metadata.uid}")).Succeeded().Output;
        var replicaSets = (await kubectl.RunAsync("get", "rs", "-n", Namespace, "-o",
            "jsonpath={.items[*].metadata.uid}")).Succeeded().Output;
        return new Uids(Sorted(pods), Sorted(replicaSets));
    }

    private static string[] Sorted(string uids) =>
        [.. uids.Split(' ', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal)];

    private sealed record Uids(string[] Pods, string[] ReplicaSets)
    {
        public override string ToString() =>
            $"pods [{string.Join(' ', Pods)}], replicasets [{string.Join(' ', ReplicaSets)}]";
    }
}
