using System.Globalization;
using Orchestrator.EndToEnd.Tests.Support;
using Orchestrator.Testing;

namespace Orchestrator.EndToEnd.Tests.Scheduling;

/// <summary>
/// Scheduler shards held through Leases in kube-system by one control-plane silo each: when the holder is killed,
/// the other silo takes its shards once their leases expire and places the pods.
/// </summary>
[TestClass]
[TestCategory("EndToEnd")]
public sealed class ShardFailoverTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(45);

    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public async Task SchedulerLeases_HoldingSiloKilled_SurvivorTakesTheShardsAndBindsNewPods()
    {
        await using var stack = await ApiStack.CreateAsync(controlPlanes: 2, simulatedNodes: 1);
        var kubectl = stack.Kubectl(KubectlVersions.Current);
        var before = await Eventually.SucceedsAsync("both shard leases held", Deadline, async () =>
        {
            var holders = await HoldersAsync(kubectl);
            Assert.AreEqual(2, holders.Count, string.Join(' ', holders));
            Assert.IsTrue(holders.All(h => h.Holder != ""), string.Join(' ', holders));
            return holders;
        });

        await stack.KillControlPlaneAsync(1);
        const string ns = "shard-failover";
        // Until the gateway takes the dead silo out, a request may meet it: each creation is retried.
        await Eventually.HoldsAsync("the namespace created through the surviving silo", Deadline,
            async () => (await kubectl.RunAsync("create", "namespace", ns)).ExitCode == 0
                || (await kubectl.RunAsync("get", "namespace", ns)).ExitCode == 0);
        for (var i = 0; i < 6; i++)
        {
            var name = "p" + i.ToString(CultureInfo.InvariantCulture);
            await Eventually.HoldsAsync($"pod {name} created", Deadline, async () =>
                (await kubectl.RunAsync("run", name, "-n", ns, "--image=busybox:1.36", "--restart=Never"))
                    .ExitCode == 0 || (await kubectl.RunAsync("get", "pod", name, "-n", ns)).ExitCode == 0);
        }

        await Eventually.HoldsAsync("six pods bound", Deadline, async () =>
        {
            var read = await kubectl.RunAsync("get", "pods", "-n", ns, "-o",
                "jsonpath={range .items[*]}{.spec.nodeName}{\"\\n\"}{end}");
            return read.ExitCode == 0 && read.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length == 6;
        });
        var after = await HoldersAsync(kubectl);
        TestContext.WriteLine($"leases before {string.Join(' ', before)}, after {string.Join(' ', after)}");
        Assert.AreEqual(1, after.Select(h => h.Holder).Distinct().Count(), string.Join(' ', after));
        Assert.IsTrue(after.Any(h => h.Transitions > 0) || before.All(h => h.Holder == after[0].Holder),
            $"before {string.Join(' ', before)}, after {string.Join(' ', after)}");
    }

    private static async Task<IReadOnlyList<(string Lease, string Holder, int Transitions)>> HoldersAsync(
        Support.Kubectl kubectl)
    {
        var output = (await kubectl.RunAsync("get", "leases", "-n", "kube-system", "-o",
            "jsonpath={range .items[*]}{.metadata.name}|{.spec.holderIdentity}|{.spec.leaseTransitions}{\"\\n\"}{end}"))
            .Succeeded().Output;
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split('|'))
            .Where(parts => parts[0].StartsWith("default-scheduler-shard-", StringComparison.Ordinal))
            .Select(parts => (parts[0], parts[1], int.Parse(parts[2], CultureInfo.InvariantCulture)))
            .OrderBy(h => h.Item1, StringComparer.Ordinal)
            .ToList();
    }
}
