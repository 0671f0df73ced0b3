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

        // Until the gateway's health checks notice, a request may still meet the dead silo; then every one works.
        await Eventually.HoldsAsync("five kubectl reads in a row through the surviving silo",
            TimeSpan.FromSeconds(60), async () =>
            {
                for (var attempt = 0; attempt < 5; attempt++)
                {
                    var read = await kubectl.RunAsync("get", "configmap", "survivor", "-o", "jsonpath={.data.a}");
                    if (read.ExitCode != 0 || read.Output != "1")
                    {
                        return false;
                    }
                }

                return true;
            });
        (await kubectl.RunAsync("create", "configmap", "after-failover")).Succeeded();
    }
}
