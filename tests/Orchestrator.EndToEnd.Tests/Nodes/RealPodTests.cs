using System.Text.RegularExpressions;
using Orchestrator.EndToEnd.Tests.Support;
using Orchestrator.Testing;

namespace Orchestrator.EndToEnd.Tests.Nodes;

/// <summary>
/// Pods on a real node: a stack of its own with one node agent running containers through a containerd of its own,
/// driven with kubectl through the gateway.
/// </summary>
[TestClass]
[TestCategory("EndToEnd")]
public sealed class RealPodTests
{
    private const string Namespace = "real-pods";
    private static ApiStack? s_stack;
    private static RealNode? s_node;

    private static ApiStack Stack => s_stack ?? throw new InvalidOperationException("ClassInitialize has not run");

    [ClassInitialize]
    public static async Task StartStackAsync(TestContext context)
    {
        s_stack = await ApiStack.CreateAsync(controlPlanes: 1);
        s_node = await RealNode.StartAsync(s_stack, "real-1");
        (await s_stack.Kubectl().RunAsync("create", "namespace", Namespace)).Succeeded();
    }

    [ClassCleanup]
    public static async Task StopStackAsync()
    {
        if (s_node is not null)
        {
            await s_node.DisposeAsync();
            s_node = null;
        }

        if (s_stack is not null)
        {
            await s_stack.DisposeAsync();
            s_stack = null;
        }
    }

    [TestMethod]
    public async Task Node_Registered_ReadyWithTheMachinesCapacity()
    {
        var kubectl = Stack.Kubectl();
        var capacity = (await kubectl.RunAsync("get", "node", "real-1", "-o",
            "jsonpath={.status.capacity.cpu} {.status.nodeInfo.containerRuntimeVersion}")).Succeeded().Output;
        StringAssert.StartsWith(capacity, $"{Environment.ProcessorCount} containerd://");
        var wide = (await kubectl.RunAsync("get", "nodes", "-o", "wide")).Succeeded().Output;
        StringAssert.Matches(wide, new Regex(@"real-1\s+Ready\s"));
    }

    [TestMethod]
    public async Task Run_HttpdPod_RunningWithPodIpThatServesItsPage()
    {
        var kubectl = Stack.Kubectl();
        (await kubectl.RunAsync("run", "web", "-n", Namespace, "--image=busybox:1.36", "--port=8080", "--",
            "httpd", "-f", "-p", "8080", "-h", "/etc")).Succeeded();
        (await kubectl.RunAsync(["wait", "pod/web", "-n", Namespace, "--for=condition=Ready", "--timeout=90s"], null,
            null, TimeSpan.FromSeconds(120))).Succeeded();

        var ip = (await kubectl.RunAsync("get", "pod", "web", "-n", Namespace, "-o", "jsonpath={.status.podIP}"))
            .Succeeded().Output;
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var page = await Eventually.SucceedsAsync("the pod's page", TimeSpan.FromSeconds(20),
            () => http.GetStringAsync($"http://{ip}:8080/hostname"));
        Assert.AreEqual("web", page.Trim());
        var row = (await kubectl.RunAsync("get", "pod", "web", "-n", Namespace, "-o", "wide")).Succeeded().Output;
        StringAssert.Matches(row, new Regex($@"web\s+1/1\s+Running\s+0\s+\S+\s+{Regex.Escape(ip)}\s+real-1"));

        (await kubectl.RunAsync(["delete", "pod", "web", "-n", Namespace, "--timeout=60s"], null, null,
            TimeSpan.FromSeconds(90))).Succeeded();
    }

    [TestMethod]
    [DataRow(KubectlVersions.Current)]
    [DataRow(KubectlVersions.Old)]
    public async Task Streams_LogsExecAndPortForward_ReachTheContainer(string version)
    {
        var kubectl = Stack.Kubectl(version);
        var pod = KubectlVersions.Name("talker", version);
        (await kubectl.RunAsync("run", pod, "-n", Namespace, "--image=busybox:1.36", "--", "sh", "-c",
            "httpd -p 8080 -h /etc; i=0; while true; do echo line $i; i=$((i+1)); sleep 1; done")).Succeeded();
        (await kubectl.RunAsync(["wait", $"pod/{pod}", "-n", Namespace, "--for=condition=Ready", "--timeout=90s"],
            null, null, TimeSpan.FromSeconds(120))).Succeeded();

        await Eventually.HoldsAsync("two log lines", TimeSpan.FromSeconds(20), async () =>
            (await kubectl.RunAsync("logs", pod, "-n", Namespace, "--tail=2")).Output
                .Split('\n', StringSplitOptions.RemoveEmptyEntries).Count(l => l.StartsWith("line ")) == 2);
        var hostname = (await kubectl.RunAsync("exec", pod, "-n", Namespace, "--", "cat", "/etc/hostname"))
            .Succeeded().Output;
        Assert.AreEqual(pod, hostname.Trim());
        var failing = await kubectl.RunAsync("exec", pod, "-n", Namespace, "--", "sh", "-c", "exit 3");
        Assert.AreEqual(3, failing.ExitCode, failing.Error);
        (await kubectl.RunAsync("logs", pod, "-n", Namespace, "-c", "nope"))
            .FailedWith($"container nope is not valid for pod {pod}");

        using var follow = kubectl.Start(["logs", "-f", pod, "-n", Namespace, "--tail=1"]);
        var followed = new WatchOutput(follow);
        try
        {
            var first = Regex.Match(await FirstLineAsync(followed), @"line (\d+)").Groups[1].Value;
            await followed.WaitForAsync($"line {int.Parse(first) + 3}", TimeSpan.FromSeconds(20));
        }
        finally
        {
            follow.Kill(entireProcessTree: true);
        }

        var local = FreePorts.Next();
        using var forward = kubectl.Start(["port-forward", $"pod/{pod}", "-n", Namespace, $"{local}:8080"]);
        try
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
            var page = await Eventually.SucceedsAsync("the page through port-forward", TimeSpan.FromSeconds(20),
                () => http.GetStringAsync($"http://127.0.0.1:{local}/hostname"));
            Assert.AreEqual(pod, page.Trim());
        }
        finally
        {
            forward.Kill(entireProcessTree: true);
        }
    }

    private static async Task<string> FirstLineAsync(WatchOutput output)
    {
        await output.WaitForAsync("line ", TimeSpan.FromSeconds(20));
        return output.Text;
    }

    [TestMethod]
    public async Task Run_ContainerExitingWithError_CrashLoopBackOffWithGrowingRestarts()
    {
        var kubectl = Stack.Kubectl();
        (await kubectl.RunAsync("run", "crash", "-n", Namespace, "--image=busybox:1.36", "--", "sh", "-c",
            "echo boom; exit 1")).Succeeded();

        var last = "";
        await Eventually.HoldsAsync("CrashLoopBackOff after restarts", TimeSpan.FromSeconds(90), async () =>
        {
            last = (await kubectl.RunAsync("get", "pod", "crash", "-n", Namespace, "--no-headers")).Output;
            var match = Regex.Match(last, @"crash\s+0/1\s+CrashLoopBackOff\s+(\d+)");
            return match.Success && int.Parse(match.Groups[1].Value) >= 2;
        });
        var describe = (await kubectl.RunAsync("describe", "pod", "crash", "-n", Namespace)).Succeeded().Output;
        StringAssert.Matches(describe, new Regex(@"Last State:\s+Terminated\s+Reason:\s+Error\s+Exit Code:\s+1"));
        StringAssert.Matches(describe, new Regex(@"Warning\s+BackOff\s"));
    }
}
