using System.Text.Json.Nodes;
using Orchestrator.ControlPlane.Scheduling;

namespace Orchestrator.ControlPlane.Tests.Scheduling;

[TestClass]
public sealed class PodRequestsTests
{
    [TestMethod]
    [TestCategory("Unit")]
    [DataRow("two containers sum",
        """
            {"containers": [{"resources": {"requests": {"cpu": "100m", "memory": "1Mi"}}},
            {"resources": {"requests": {"cpu": "200m", "memory": "2Mi"}}}]}
            """, 300L, 3145728L)]
    [DataRow("init container larger wins",
        """
            {"containers": [{"resources": {"requests": {"cpu": "100m"}}}],
            "initContainers": [{"resources": {"requests": {"cpu": "1"}}}]}
            """, 1000L, 0L)]
    [DataRow("init container smaller ignored",
        """
            {"containers": [{"resources": {"requests": {"cpu": "500m"}}}],
            "initContainers": [{"resources": {"requests": {"cpu": "200m"}}}]}
            """, 500L, 0L)]
    [DataRow("sidecar adds and raises later init",
        """
            {"containers": [{"resources": {"requests": {"cpu": "100m"}}}],
            "initContainers": [{"restartPolicy": "Always", "resources": {"requests": {"cpu": "200m"}}},
            {"resources": {"requests": {"cpu": "500m"}}}]}
            """, 700L, 0L)]
    [DataRow("overhead added",
        """{"containers": [{"resources": {"requests": {"cpu": "100m"}}}], "overhead": {"cpu": "50m"}}""", 150L, 0L)]
    [DataRow("limits stand in for missing requests",
        """{"containers": [{"resources": {"limits": {"cpu": "1", "memory": "1Gi"}}}]}""", 1000L, 1073741824L)]
    [DataRow("no requests count zero", """{"containers": [{"name": "c"}]}""", 0L, 0L)]
    public void Of_PodSpec_GivesKubernetesEffectiveRequests(string scenario, string spec, long cpu, long memory)
    {
        var pod = new JsonObject { ["spec"] = JsonNode.Parse(spec) };

        var requests = PodRequests.Of(pod);

        Assert.AreEqual(cpu, requests.MilliCpu, scenario);
        Assert.AreEqual(memory, requests.Memory, scenario);
    }

    [TestMethod]
    [TestCategory("Unit")]
    public void Of_ContainerWithoutRequests_CountsDefaultsForScoringOnly()
    {
        var pod = new JsonObject { ["spec"] = JsonNode.Parse("""{"containers": [{"name": "c"}]}""") };

        var requests = PodRequests.Of(pod);

        Assert.AreEqual(0, requests.MilliCpu);
        Assert.AreEqual(PodRequests.DefaultMilliCpuRequest, requests.NonZeroMilliCpu);
        Assert.AreEqual(PodRequests.DefaultMemoryRequest, requests.NonZeroMemory);
    }
}
