using System.Diagnostics;
using Orchestrator.EndToEnd.Tests.Support;
using Orchestrator.Testing;

namespace Orchestrator.EndToEnd.Tests.Workloads;

/// <summary>
/// kubectl cordon, drain and uncordon against a PodDisruptionBudget, on a stack of its own whose node agent hosts
/// three simulated nodes: drain evicts through the eviction subresource, which honours the budget, so the node's
/// pods leave one at a time as their replacements become Ready elsewhere.
/// </summary>
[TestClass]
[TestCategory("EndToEnd")]
public sealed class DrainTests
{
    private const string Namespace = "drain";
    private const string BudgetRefusal = "Cannot evict pod as it would violate the pod's disruption budget.";
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
    public async Task Drain_BudgetMinAvailableThree_EvictsAsAllowedThenRefusesWhenBudgetCannotBeMet()
    {
        var clock = Stopwatch.StartNew();
        var kubectl = Stack.Kubectl(KubectlVersions.Current);
        await CreateWebAsync(kubectl);

        // kubectl create pdb sends protobuf; the disruption controller then counts 4 healthy pods for 3 wanted.
        (await kubectl.RunAsync("create", "pdb", "web", "--selector=app=web", "--min-available=3", "-n", Namespace))
            .Succeeded();
        await Eventually.HoldsAsync("PodDisruptionBudget drain/web to allow 1 disruption", TimeSpan.FromSeconds(20),
            async () => await BudgetFieldAsync(kubectl, "status.disruptionsAllowed") == "1");
        var listing = (await kubectl.RunAsync("get", "pdb", "-n", Namespace)).Succeeded().Output;
        StringAssert.Matches(listing,
            new(@"^NAME\s+MIN AVAILABLE\s+MAX UNAVAILABLE\s+ALLOWED DISRUPTIONS\s+AGE\n"));
        StringAssert.Matches(listing, new(@"\nweb\s+3\s+N/A\s+1\s+\d+s\n"));
        Assert.AreEqual("SufficientPods", await BudgetFieldAsync(kubectl, "status.conditions[0].reason"));

        // Cordon the node with the most pods, so the drain needs the budget twice.
        var node = (await PodNodesAsync(kubectl)).GroupBy(n => n).OrderByDescending(g => g.Count()).First().Key;
        (await kubectl.RunAsync("cordon", node)).Succeeded();
        Assert.AreEqual("true", (await kubectl.RunAsync(
            "get", "node", node, "-o", "jsonpath={.spec.unschedulable}")).Succeeded().Output);
        StringAssert.Matches((await kubectl.RunAsync("get", "nodes")).Succeeded().Output,
            new($@"\n{node}\s+Ready,SchedulingDisabled\s"));

        var drain = await kubectl.RunAsync(
            ["drain", node, "--ignore-daemonsets", "--delete-emptydir-data", "--timeout=60s"], null, null,
            TimeSpan.FromSeconds(75));
        TestContext.WriteLine($"{drain.Command}\n{drain.Output}\n{drain.Error}");
        if (drain.ExitCode != 0)
        {
            Assert.Fail($"{drain.Command} exited with {drain.ExitCode}: {drain.Error}\n" +
                (await kubectl.RunAsync("get", "pods,pdb", "-n", Namespace, "-o", "wide")).Output + "\n" +
                Stack.Logs[^Math.Min(Stack.Logs.Length, 6000)..]);
        }

        StringAssert.Contains(drain.Output, $"node/{node} drained");
        var nodes = await PodNodesAsync(kubectl);
        Assert.DoesNotContain(node, nodes, "no pod of the deployment is left on the drained node");
        await RolloutStatusAsync(kubectl);

        // A budget that wants every replica can never allow an eviction: the drain retries until its timeout.
        (await kubectl.RunAsync("patch", "pdb", "web", "-n", Namespace, "--type=merge",
            "-p", """{"spec":{"minAvailable":4}}""")).Succeeded();
        await Eventually.HoldsAsync("PodDisruptionBudget drain/web to allow no disruption", TimeSpan.FromSeconds(20),
            async () => await BudgetFieldAsync(kubectl, "status.disruptionsAllowed") == "0" &&
                await BudgetFieldAsync(kubectl, "status.observedGeneration") == "2");
        var second = (await PodNodesAsync(kubectl)).First();
        var refused = await kubectl.RunAsync(
            ["drain", second, "--ignore-daemonsets", "--delete-emptydir-data", "--timeout=8s"], null, null,
            TimeSpan.FromSeconds(30));
        TestContext.WriteLine($"{refused.Command}\n{refused.Output}\n{refused.Error}");
        refused.FailedWith(BudgetRefusal);
        StringAssert.Contains(refused.Error, "global timeout reached: 8s");
        Assert.HasCount(4, await PodNodesAsync(kubectl), "the refused drain deleted no pod");

        (await kubectl.RunAsync("uncordon", node)).Succeeded();
        (await kubectl.RunAsync("uncordon", second)).Succeeded();
        Assert.AreEqual("", (await kubectl.RunAsync(
            "get", "node", node, "-o", "jsonpath={.spec.unschedulable}")).Succeeded().Output);
        Assert.DoesNotContain("SchedulingDisabled", (await kubectl.RunAsync("get", "nodes")).Succeeded().Output);
        TestContext.WriteLine($"drain scenario took {clock.Elapsed.TotalSeconds:F1} s");
    }

    // Creates the namespace and Deployment web (4 replicas), then waits for its rollout.
    private async Task CreateWebAsync(Support.Kubectl kubectl)
    {
        (await kubectl.RunAsync("create", "namespace", Namespace)).Succeeded();
        var manifest = $$$"""
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: web, namespace: {{{Namespace}}}}
            spec:
              replicas: 4
              selector: {matchLabels: {app: web}}
              template:
                metadata: {labels: {app: web}}
                spec: {containers: [{name: busybox, image: "busybox:1.36"}]}
            """;
        (await kubectl.RunAsync(["apply", "-f", "-"], manifest, null)).Succeeded();
        await RolloutStatusAsync(kubectl);
    }

    private async Task RolloutStatusAsync(Support.Kubectl kubectl)
    {
        var status = await kubectl.RunAsync(["rollout", "status", "deploy/web", "-n", Namespace, "--timeout=60s"],
            null, null, TimeSpan.FromSeconds(75));
        if (status.ExitCode != 0)
        {
            var state = await kubectl.RunAsync("get", "deploy,rs,pods", "-n", Namespace, "-o", "wide");
            Assert.Fail($"{status.Command} exited with {status.ExitCode}: {status.Error}\n{state.Output}\n" +
                Stack.Logs[^Math.Min(Stack.Logs.Length, 6000)..]);
        }
    }

    private static async Task<string> BudgetFieldAsync(Support.Kubectl kubectl, string path) =>
        (await kubectl.RunAsync("get", "pdb", "web", "-n", Namespace, "-o", $"jsonpath={{.{path}}}"))
            .Succeeded().Output;

    private static async Task<IReadOnlyList<string>> PodNodesAsync(Support.Kubectl kubectl) =>
        (await kubectl.RunAsync("get", "pods", "-n", Namespace, "-l", "app=web", "-o",
            "jsonpath={.items[*].spec.nodeName}")).Succeeded().Output
            .Split(' ', StringSplitOptions.RemoveEmptyEntries);
}
