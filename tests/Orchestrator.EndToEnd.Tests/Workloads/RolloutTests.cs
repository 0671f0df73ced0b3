using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
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
        var kubectl = await CreateWebAsync(ns, KubectlVersions.Old);

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
        var kubectl = await CreateWebAsync(ns, KubectlVersions.Newer);

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

    [TestMethod]
    public async Task History_UndoToRevision_ReturnsThatTemplateAsNewestRevision()
    {
        const string ns = "rollout-history";
        var kubectl = await CreateWebAsync(ns, KubectlVersions.Old);
        foreach (var image in new[] { "busybox:1.37", "busybox:1.38" })
        {
            (await kubectl.RunAsync("set", "image", "deploy/web", $"busybox={image}", "-n", ns)).Succeeded();
            await RolloutStatusAsync(kubectl, ns);
        }

        var history = (await kubectl.RunAsync("rollout", "history", "deploy/web", "-n", ns)).Succeeded().Output;
        StringAssert.Matches(history, new Regex(@"REVISION\s+CHANGE-CAUSE\s+1\s+<none>\s+2\s+<none>\s+3\s"));
        var second = (await kubectl.RunAsync("rollout", "history", "deploy/web", "-n", ns, "--revision=2"))
            .Succeeded().Output;
        StringAssert.Contains(second, "busybox:1.37");

        (await kubectl.RunAsync("rollout", "undo", "deploy/web", "-n", ns, "--to-revision=1")).Succeeded();
        await RolloutStatusAsync(kubectl, ns);
        Assert.AreEqual("busybox:1.36", await TemplateImageAsync(kubectl, ns));
        Assert.AreEqual(AllPods("busybox:1.36"), await PodImagesAsync(kubectl, ns));
        history = (await kubectl.RunAsync("rollout", "history", "deploy/web", "-n", ns)).Succeeded().Output;
        StringAssert.Matches(history, new Regex(@"\s2\s+<none>\s+3\s+<none>\s+4\s"), "revision 1 became 4");
        var revision = (await kubectl.RunAsync("get", "deploy", "web", "-n", ns, "-o",
            "jsonpath={.metadata.annotations.deployment\\.kubernetes\\.io/revision}")).Succeeded().Output;
        Assert.AreEqual("4", revision);
    }

    [TestMethod]
    public async Task Recreate_SetImage_OldPodsGoneBeforeNewOnesStart()
    {
        const string ns = "rollout-recreate";
        var kubectl = await CreateWebAsync(ns, KubectlVersions.Newer, "{type: Recreate}");
        var mixed = new List<string>();
        using var stop = new CancellationTokenSource();
        var watcher = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                var images = await PodImagesAsync(kubectl, ns);
                if (images.Contains("1.36", StringComparison.Ordinal)
                    && images.Contains("1.37", StringComparison.Ordinal))
                {
                    mixed.Add(images);
                }

                await Task.Delay(100);
            }
        });

        (await kubectl.RunAsync("set", "image", "deploy/web", "busybox=busybox:1.37", "-n", ns)).Succeeded();
        await RolloutStatusAsync(kubectl, ns);
        await stop.CancelAsync();
        await watcher;

        Assert.IsEmpty(mixed, "old and new pods never run side by side: " + string.Join(" | ", mixed));
        Assert.AreEqual(AllPods("busybox:1.37"), await PodImagesAsync(kubectl, ns));
    }

    [TestMethod]
    public async Task ProgressDeadline_PodsCannotBeScheduled_RolloutStatusFailsAndDescribeShowsWhy()
    {
        const string ns = "rollout-deadline";
        var kubectl = Stack.Kubectl(KubectlVersions.Current);
        (await kubectl.RunAsync("create", "namespace", ns)).Succeeded();
        var manifest = $$$"""
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: stuck, namespace: {{{ns}}}}
            spec:
              replicas: 2
              progressDeadlineSeconds: 5
              selector: {matchLabels: {app: stuck}}
              template:
                metadata: {labels: {app: stuck}}
                spec:
                  nodeSelector: {disk: none-has-this}
                  containers: [{name: busybox, image: "busybox:1.36"}]
            """;
        (await kubectl.RunAsync(["apply", "-f", "-"], manifest, null)).Succeeded();

        var status = await kubectl.RunAsync(["rollout", "status", "deploy/stuck", "-n", ns, "--timeout=60s"], null,
            null, TimeSpan.FromSeconds(90));
        Assert.AreNotEqual(0, status.ExitCode, status.Output);
        StringAssert.Contains(status.Error, "exceeded its progress deadline");

        var deployment = (await kubectl.RunAsync("describe", "deploy", "stuck", "-n", ns)).Succeeded().Output;
        StringAssert.Matches(deployment, new Regex(@"Progressing\s+False\s+ProgressDeadlineExceeded"));
        StringAssert.Matches(deployment, new Regex(@"Normal\s+ScalingReplicaSet\s+.*Scaled up replica set stuck-"));
        var pod = (await kubectl.RunAsync("describe", "pods", "-n", ns, "-l", "app=stuck")).Succeeded().Output;
        StringAssert.Matches(
            pod, new Regex(@"Warning\s+FailedScheduling\s+.*didn't match Pod's node affinity/selector"));
        var events = (await kubectl.RunAsync("get", "events", "-n", ns, "--field-selector", "reason=FailedScheduling"))
            .Succeeded().Output;
        StringAssert.Contains(events, "FailedScheduling");
    }

    [TestMethod]
    public async Task Describe_RunningPod_ShowsScheduledEventAndReadyConditions()
    {
        const string ns = "rollout-describe";
        var kubectl = Stack.Kubectl(KubectlVersions.Current);
        (await kubectl.RunAsync("create", "namespace", ns)).Succeeded();
        (await kubectl.RunAsync("run", "one", "--image=busybox:1.36", "-n", ns)).Succeeded();
        (await kubectl.RunAsync(["wait", "pod/one", "-n", ns, "--for=condition=Ready", "--timeout=60s"], null, null,
            TimeSpan.FromSeconds(90))).Succeeded();

        var pod = (await kubectl.RunAsync("describe", "pod", "one", "-n", ns)).Succeeded().Output;
        StringAssert.Matches(pod, new Regex(@"Status:\s+Running"));
        StringAssert.Matches(pod, new Regex(@"Ready\s+True"));
        StringAssert.Matches(pod, new Regex(@"Normal\s+Scheduled\s+.*Successfully assigned rollout-describe/one to "));
    }

    // Creates namespace ns and Deployment web there (10 replicas, maxSurge 1, maxUnavailable 0), then waits for
    // its first rollout.
    private async Task<Support.Kubectl> CreateWebAsync(
        string ns, string version = KubectlVersions.Current,
        string strategy = "{type: RollingUpdate, rollingUpdate: {maxSurge: 1, maxUnavailable: 0}}")
    {
        var kubectl = Stack.Kubectl(version);
        (await kubectl.RunAsync("create", "namespace", ns)).Succeeded();
        var manifest = $$$"""
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: web, namespace: {{{ns}}}}
            spec:
              replicas: {{{Replicas}}}
              selector: {matchLabels: {app: web}}
              strategy: {{{strategy}}}
              template:
                metadata: {labels: {app: web}}
                spec: {containers: [{name: busybox, image: "busybox:1.36"}]}
            """;
        (await kubectl.RunAsync(["apply", "-f", "-"], manifest, null)).Succeeded();
        await RolloutStatusAsync(kubectl, ns);
        return kubectl;
    }

    private async Task RolloutStatusAsync(Support.Kubectl kubectl, string ns, string deployment = "web")
    {
        var clock = Stopwatch.StartNew();
        var status = await kubectl.RunAsync(
            ["rollout", "status", $"deploy/{deployment}", "-n", ns, "--timeout=120s"], null, null,
            TimeSpan.FromSeconds(150));
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
