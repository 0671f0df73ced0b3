using Orchestrator.EndToEnd.Tests.Support;

namespace Orchestrator.EndToEnd.Tests.Kubectl;

[TestClass]
[TestCategory("EndToEnd")]
public sealed class DiscoveryTests
{
    [TestMethod]
    [DataRow(KubectlVersions.Current)]
    [DataRow(KubectlVersions.Old)]
    [DataRow(KubectlVersions.Newer)]
    public async Task Version_ThroughGateway_PrintsSemanticServerVersion(string version)
    {
        var result = (await ApiStack.Current.Kubectl(version).RunAsync("version")).Succeeded();

        // kubectl before 1.28 prints the whole version record; later ones print the git version alone.
        StringAssert.Matches(result.Output, new System.Text.RegularExpressions.Regex(
            @"Server Version: (v1\.32\.\d+|version\.Info\{.*GitVersion:""v1\.32\.\d+)"));
    }

    [TestMethod]
    [DataRow(KubectlVersions.Current)]
    [DataRow(KubectlVersions.Old)]
    [DataRow(KubectlVersions.Newer)]
    public async Task ApiResources_ThroughGateway_ListsResourcesWithShortNames(string version)
    {
        var result = (await ApiStack.Current.Kubectl(version).RunAsync("api-resources")).Succeeded();

        foreach (var expected in new[] { "deployments", "deploy", "replicasets", "pods", "po", "configmaps", "cm",
            "secrets", "services", "svc", "endpoints", "events", "serviceaccounts", "sa", "nodes", "namespaces",
            "leases", "events.k8s.io/v1" })
        {
            StringAssert.Contains(result.Output, expected);
        }
    }

    [TestMethod]
    [DataRow(KubectlVersions.Current)]
    [DataRow(KubectlVersions.Old)]
    [DataRow(KubectlVersions.Newer)]
    public async Task Explain_DeploymentReplicas_DescribesTheField(string version)
    {
        var result = (await ApiStack.Current.Kubectl(version).RunAsync("explain", "deployment.spec.replicas"))
            .Succeeded();

        StringAssert.Contains(result.Output, "KIND:");
        StringAssert.Contains(result.Output, "Deployment");
        StringAssert.Contains(result.Output, "replicas");
        StringAssert.Contains(result.Output, "integer");
    }

    [TestMethod]
    [DataRow(KubectlVersions.Current)]
    [DataRow(KubectlVersions.Old)]
    [DataRow(KubectlVersions.Newer)]
    public async Task GetRaw_Healthz_PrintsOk(string version)
    {
        var result = (await ApiStack.Current.Kubectl(version).RunAsync("get", "--raw", "/healthz")).Succeeded();

        Assert.AreEqual("ok", result.Output.Trim());
    }

    [TestMethod]
    public async Task GetAllNamespaces_OnFreshServer_SaysNoResourcesFound()
    {
        var fresh = ApiStack.Current.FreshServerListing;

        Assert.AreEqual(0, fresh.ExitCode, fresh.Error);
        StringAssert.Contains(fresh.Error + fresh.Output, "No resources found");
    }

    [TestMethod]
    public async Task Watch_OnEmptyCollection_OpensAndStaysOpen()
    {
        var kubectl = ApiStack.Current.Kubectl();
        using var watch = kubectl.Start(["get", "leases", "-n", "kube-system", "-w"]);

        var exited = await Task.WhenAny(watch.WaitForExitAsync(), Task.Delay(TimeSpan.FromSeconds(5)));

        Assert.IsFalse(watch.HasExited, $"the watch ended: {await watch.StandardError.ReadToEndAsync()}");
        watch.Kill();
        _ = exited;
    }
}
