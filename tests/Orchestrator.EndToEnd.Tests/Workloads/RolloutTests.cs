using System.Diagnostics;
using System.Globalization;
using Orchestrator.EndToEnd.Tests.Support;
using Orchestrator.Testing;

namespace Orchestrator.EndToEnd.Tests.Workloads;

/// <summary>
/// The kubectl rollout scenarios on a stack of its own whose node agent hosts three simulated nodes, so the
/// scheduler binds the pods and the simulated kubelets make them Running and Ready.
/// </summary>
[TestClass]
[TestCategory("EndToEnd")]
public sealed class RolloutTests
{
    private const int Replicas = 10;
    private static ApiStack? s_stack;

    public TestContext TestContext { get; set; } = null!;

    private static ApiStack Stack => s_stack ?? throw new InvalidOperationException("ClassInitialize has not run");

    [ClassInitialize]
    public static async Task StartStackAsync(TestContext context) =>
        s_stack = await ApiStack.CreateAsync(controlPlanes: 1, simulatedNodes: 3);

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
    public async Task SetImage_MaxUnavailableZero_KeepsTenReadyAndUndoReturns()
    {
        var kubectl = await CreateWebAsync("rollout-image");
        const string ns = "rollout-image";
        var lowest = int.MaxValue;
        using var stop = new CancellationTokenSource();
        var watcher = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                var read = await kubectl.RunAsync(
                    "get", "deploy", "web", "-n", ns, "-o", "jsonpath={.status.readyReplicas}");
                if (read.ExitCode == 0 && int.TryParse(read.Output, CultureInfo.InvariantCulture, out var ready))
                {
                    lowest = Math.Min(lowest, ready);
                }

                await Task.Delay(150);
            }
        });

        (await kubectl.RunAsync("set", "image", "deploy/web", "busybox=busybox:1.37", "-n", ns)).Succeeded();
        await RolloutStatusAsync(kubectl, ns);
        await stop.CancelAsync();
        await watcher;

        Assert.AreEqual(Replicas, lowest, "ready replicas never drop below the desired count during the rollout");
        Assert.AreEqual("busybox:1.37", await TemplateImageAsync(kubectl, ns));
        Assert.AreEqual(AllPods("busybox:1.37"), await PodImagesAsync(kubectl, ns));

        (await kubectl.RunAsync("rollout", "undo", "deploy/web", "-n", ns)).Succeeded();
        await RolloutStatusAsync(kubectl, ns);
        Assert.AreEqual("busybox:1.36", await TemplateImageAsync(kubectl, ns));
    }

    [TestMethod]
    public async Task ScaleToZeroAndBack_ThenRestart_RolloutsComplete()
    {
        const string ns = "rollout-scale";
        var kubectl = await CreateWebAsync(ns);

        (await kubectl.RunAsync("scale", "deploy/web", "--replicas=0", "-n", ns)).Succeeded();
        await RolloutStatusAsync(kubectl, ns);
        (await kubectl.RunAsync("scale", "deploy/web", $"--replicas={Replicas}", "-n", ns)).Succeeded();
        await RolloutStatusAsync(kubectl, ns);

        (await kubectl.RunAsync("rollout", "restart", "deploy/web", "-n", ns)).Succeeded();
        await RolloutStatusAsync(kubectl, ns);
        var restartedAt = (await kubectl.RunAsync("get", "pods", "-n", ns, "-l", "app=web", "-o",
            "jsonpath={.items[*].metadata.annotations.kubectl\\.kubernetes\\.io/restartedAt}")).Succeeded().Output;
        Assert.HasCount(Replicas, restartedAt.Split(' ', StringSplitOptions.RemoveEmptyEntries), restartedAt);
    }

    [TestMethod]
    public async Task Pause_SetImage_RollsOnlyAfterResume()
    {
        const string ns = "rollout-pause";
        var kubectl = await CreateWebAsync(ns);

        (await kubectl.RunAsync("rollout", "pause", "deploy/web", "-n", ns)).Succeeded();
        (await kubectl.RunAsync("set", "image", "deploy/web", "busybox=busybox:1.37", "-n", ns)).Succeeded();
        await Task.Delay(TimeSpan.FromSeconds(3));
        var replicaSets = (await kubectl.RunAsync("get", "rs", "-n", ns, "-o",
            "jsonpath={.items[*].metadata.name}")).Succeeded().Output;
        Assert.HasCount(1, replicaSets.Split(' ', StringSplitOptions.RemoveEmptyEntries), replicaSets);
        Assert.AreEqual(AllPods("busybox:1.36"), await PodImagesAsync(kubectl, ns));

        (await kubectl.RunAsync("rollout", "resume", "deploy/web", "-n", ns)).Succeeded();
        await RolloutStatusAsync(kubectl, ns);
        Assert.AreEqual(AllPods("busybox:1.37"), await PodImagesAsync(kubectl, ns));
    }

    // Creates namespace ns and Deployment web there (10 replicas, maxSurge 1, maxUnavailable 0), then waits for
    // its first rollout.
    private async Task<Support.Kubectl> CreateWebAsync(string ns)
    {
        var kubectl = Stack.Kubectl(KubectlVersions.Current);
        (await kubectl.RunAsync("create", "namespace", ns)).Succeeded();
        var manifest = $$$"""
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: web, namespace: {{{ns}}}}
            spec:
              replicas: {{{Replicas}}}
              selector: {matchLabels: {app: web}}
              strategy: {type: RollingUpdate, rollingUpdate: {maxSurge: 1, maxUnavailable: 0}}
              template:
                metadata: {labels: {app: web}}
                spec: {containers: [{name: busybox, image: "busybox:1.36"}]}
            """;
        (await kubectl.RunAsync(["apply", "-f", "-"], manifest, null)).Succeeded();
        await RolloutStatusAsync(kubectl, ns);
        return kubectl;
    }

    private async Task RolloutStatusAsync(Support.Kubectl kubectl, string ns)
    {
        var clock = Stopwatch.StartNew();
        var status = await kubectl.RunAsync(["rollout", "status", "deploy/web", "-n", ns, "--timeout=120s"], null,
            null, TimeSpan.FromSeconds(150));
        if (status.ExitCode != 0)
        {
            var state = await kubectl.RunAsync("get", "deploy,rs,pods", "-n", ns, "-o", "wide");
            Assert.Fail($"{status.Command} exited with {status.ExitCode}: {status.Error}\n{state.Output}\n" +
                Stack.Logs[^Math.Min(Stack.Logs.Length, 6000)..]);
        }

        StringAssert.Contains(status.Output, "successfully rolled out");
        TestContext.WriteLine($"rollout status in {ns} completed after {clock.Elapsed.TotalSeconds:F1} s");
    }

    // What PodImagesAsync prints when every pod runs the image.
    private static string AllPods(string image) => string.Join(' ', Enumerable.Repeat(image, Replicas));

    private static async Task<string> TemplateImageAsync(Support.Kubectl kubectl, string ns) =>
        (await kubectl.RunAsync("get", "deploy", "web", "-n", ns, "-o",
            "jsonpath={.spec.template.spec.containers[0].image}")).Succeeded().Output;

    private static async Task<string> PodImagesAsync(Support.Kubectl kubectl, string ns) =>
        (await kubectl.RunAsync("get", "pods", "-n", ns, "-l", "app=web", "-o",
            "jsonpath={.items[*].spec.containers[0].image}")).Succeeded().Output;
}
