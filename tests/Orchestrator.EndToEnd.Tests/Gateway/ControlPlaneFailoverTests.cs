using Orchestrator.EndToEnd.Tests.Support;
using Orchestrator.Testing;

namespace Orchestrator.EndToEnd.Tests.Gateway;

/// <summary>The gateway forwards to every control-plane silo of the region and stops using one that dies.</summary>
[TestClass]
[TestCategory("EndToEnd")]
public sealed class ControlPlaneFailoverTests
{
    [TestMethod]
    public async Task Kubectl_OneOfTwoControlPlanesKilled_KeepsWorkingThroughTheOther()
    {
        await using var stack = await ApiStack.CreateAsync(controlPlanes: 2);
        var kubectl = stack.Kubectl();
        (await kubectl.RunAsync("create", "configmap", "survivor", "--from-literal=a=1")).Succeeded();

        await stack.KillControlPlaneAsync(1);

        // Until the gateway's health checks take the dead silo out (a few seconds), a request may still meet it and
        // fail; from then on every request works, reads and writes.
        await Eventually.HoldsAsync("ten kubectl reads in a row through the surviving silo",
            TimeSpan.FromSeconds(60), async () =>
            {
                for (var attempt = 0; attempt < 10; attempt++)
                {
                    var read = await kubectl.RunAsync("get", "configmap", "survivor", "-o", "jsonpath={.data.a}");
                    if (read.ExitCode != 0 || read.Output != "1")
                    {
                        return false;
                    }
                }

                return true;
            });
        await Eventually.HoldsAsync("a write through the surviving silo", TimeSpan.FromSeconds(30),
            async () => (await kubectl.RunAsync("create", "configmap", "after-failover")).ExitCode == 0 ||
                (await kubectl.RunAsync("get", "configmap", "after-failover")).ExitCode == 0);
    }
}
