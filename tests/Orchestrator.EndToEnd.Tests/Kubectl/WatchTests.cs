using Orchestrator.EndToEnd.Tests.Support;

namespace Orchestrator.EndToEnd.Tests.Kubectl;

[TestClass]
[TestCategory("EndToEnd")]
public sealed class WatchTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    [TestMethod]
    [DataRow(KubectlVersions.Current)]
    [DataRow(KubectlVersions.Old)]
    [DataRow(KubectlVersions.Newer)]
    public async Task GetPodsWatch_Changes_ArePrintedAsTheyHappen(string version)
    {
        var kubectl = ApiStack.Current.Kubectl(version);
        var ns = KubectlVersions.Name("watch", version);
        (await kubectl.RunAsync("create", "namespace", ns)).Succeeded();
        using var watch = kubectl.Start(["get", "pods", "-n", ns, "-w"]);
        var output = new WatchOutput(watch);

        (await kubectl.RunAsync("run", "first", "--image=busybox:1.36", "-n", ns)).Succeeded();
        await output.WaitForAsync("first", Deadline);
        (await kubectl.RunAsync("run", "second", "--image=busybox:1.36", "-n", ns)).Succeeded();
        await output.WaitForAsync("second", Deadline);

        StringAssert.Contains(output.Text, "Pending");
        watch.Kill();
    }

    /// <summary>
    /// Five silent minutes through the gateway must not cut the watch: kubectl exits quietly when a stream ends,
    /// so the proof is that it still runs and still prints what happens next. The three kubectl releases watch side
    /// by side, so the five minutes are spent once.
    /// </summary>
    [TestMethod]
    [Timeout(420_000, CooperativeCancellation = true)]
    public async Task GetPodsWatch_AfterFiveIdleMinutes_StillRunsAndPrints()
    {
        string[] versions = [KubectlVersions.Current, KubectlVersions.Old, KubectlVersions.Newer];
        var creator = ApiStack.Current.Kubectl();
        (await creator.RunAsync("create", "namespace", "idle-watch")).Succeeded();
        var watches = versions
            .Select(v => ApiStack.Current.Kubectl(v).Start(["get", "pods", "-n", "idle-watch", "-w"]))
            .ToList();
        var outputs = watches.Select(w => new WatchOutput(w)).ToList();

        await Task.Delay(TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(10));

        for (var i = 0; i < versions.Length; i++)
        {
            Assert.IsFalse(watches[i].HasExited,
                $"kubectl {versions[i]}'s watch ended during the idle minutes; it printed:\n{outputs[i].Text}");
        }

        (await creator.RunAsync("run", "late", "--image=busybox:1.36", "-n", "idle-watch")).Succeeded();
        foreach (var output in outputs)
        {
            await output.WaitForAsync("late", Deadline);
        }

        foreach (var watch in watches)
        {
            watch.Kill();
            watch.Dispose();
        }
    }
}
