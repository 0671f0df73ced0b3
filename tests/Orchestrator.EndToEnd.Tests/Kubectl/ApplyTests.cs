using Orchestrator.EndToEnd.Tests.Support;

namespace Orchestrator.EndToEnd.Tests.Kubectl;

[TestClass]
[TestCategory("EndToEnd")]
public sealed class ApplyTests
{
    [TestMethod]
    [DataRow(KubectlVersions.Current)]
    [DataRow(KubectlVersions.Old)]
    [DataRow(KubectlVersions.Newer)]
    public async Task ApplyTwice_ChangedManifest_PatchesWithStrategicMerge(string version)
    {
        var kubectl = ApiStack.Current.Kubectl(version);
        var ns = KubectlVersions.Name("apply", version);
        (await kubectl.RunAsync("create", "namespace", ns)).Succeeded();
        var file = Manifests.Write($"{ns}/web.yaml", Manifests.Deployment("web", ns, 2, "busybox:1.36", "1"));

        StringAssert.Contains((await kubectl.RunAsync("apply", "-f", file)).Succeeded().Output, "created");
        Manifests.Write($"{ns}/web.yaml", Manifests.Deployment("web", ns, 4, "busybox:1.36", "2"));
        StringAssert.Contains((await kubectl.RunAsync("apply", "-f", file)).Succeeded().Output, "configured");

        var result = await kubectl.RunAsync("get", "deploy", "web", "-n", ns, "-o",
            "jsonpath={.spec.replicas} {.spec.template.spec.containers[0].env[0].value} {.metadata.generation}");
        Assert.AreEqual("4 2 2", result.Succeeded().Output);
        var unchanged = await kubectl.RunAsync("apply", "-f", file);
        StringAssert.Contains(unchanged.Succeeded().Output, "unchanged");
    }

    [TestMethod]
    [DataRow(KubectlVersions.Current)]
    [DataRow(KubectlVersions.Old)]
    [DataRow(KubectlVersions.Newer)]
    public async Task ServerSideApply_SecondManagerChangesOwnedField_ConflictsUntilForced(string version)
    {
        var kubectl = ApiStack.Current.Kubectl(version);
        var ns = KubectlVersions.Name("ssa", version);
        (await kubectl.RunAsync("create", "namespace", ns)).Succeeded();
        var file = Manifests.Write($"{ns}/ssa.yaml", Manifests.Deployment("ssa", ns, 2, "busybox:1.36", "1"));
        (await kubectl.RunAsync("apply", "--server-side", "-f", file)).Succeeded();
        StringAssert.Contains(
            (await kubectl.RunAsync("apply", "--server-side", "-f", file)).Succeeded().Output, "serverside-applied");

        Manifests.Write($"{ns}/ssa.yaml", Manifests.Deployment("ssa", ns, 5, "busybox:1.36", "1"));
        var conflict = await kubectl.RunAsync("apply", "--server-side", "--field-manager=other", "-f", file);
        conflict.FailedWith("conflict");
        StringAssert.Contains(conflict.Error, ".spec.replicas");
        (await kubectl.RunAsync("apply", "--server-side", "--field-manager=other", "--force-conflicts", "-f", file))
            .Succeeded();

        var managers = await kubectl.RunAsync("get", "deploy", "ssa", "-n", ns, "--show-managed-fields", "-o",
            "jsonpath={.spec.replicas} {.metadata.managedFields[*].manager}");
        StringAssert.StartsWith(managers.Succeeded().Output, "5 ");
        StringAssert.Contains(managers.Output, "other");
    }

    [TestMethod]
    [DataRow(KubectlVersions.Current)]
    [DataRow(KubectlVersions.Old)]
    [DataRow(KubectlVersions.Newer)]
    public async Task ServerSideApply_AfterClientSideApplyOfSample_KeepsOnePortPerKey(string version)
    {
        var kubectl = ApiStack.Current.Kubectl(version);
        var ns = KubectlVersions.Name("sample", version);
        (await kubectl.RunAsync("create", "namespace", ns)).Succeeded();
        var sample = Path.Combine(RepositoryPaths.Root, "samples", "web.yaml");
        (await kubectl.RunAsync("apply", "-n", ns, "-f", sample)).Succeeded();

        (await kubectl.RunAsync("apply", "--server-side", "-n", ns, "-f", sample)).Succeeded();

        var ports = await kubectl.RunAsync("get", "service", "web", "-n", ns, "-o", "jsonpath={.spec.ports}");
        Assert.AreEqual("""[{"port":80,"protocol":"TCP","targetPort":8080}]""", ports.Succeeded().Output);
    }

    [TestMethod]
    [DataRow(KubectlVersions.Current)]
    [DataRow(KubectlVersions.Old)]
    [DataRow(KubectlVersions.Newer)]
    public async Task Diff_ChangedManifest_ShowsTheChange(string version)
    {
        var kubectl = ApiStack.Current.Kubectl(version);
        var ns = KubectlVersions.Name("diff", version);
        (await kubectl.RunAsync("create", "namespace", ns)).Succeeded();
        var file = Manifests.Write($"{ns}/d.yaml", Manifests.Deployment("d", ns, 1, "busybox:1.36", "1"));
        (await kubectl.RunAsync("apply", "-f", file)).Succeeded();
        Manifests.Write($"{ns}/d.yaml", Manifests.Deployment("d", ns, 1, "busybox:1.37", "1"));

        var diff = await kubectl.RunAsync("diff", "-f", file);

        Assert.AreEqual(1, diff.ExitCode, $"kubectl diff exits 1 when it finds differences: {diff.Error}");
        StringAssert.Contains(diff.Output, "-        image: busybox:1.36");
        StringAssert.Contains(diff.Output, "+        image: busybox:1.37");
    }

    [TestMethod]
    [DataRow(KubectlVersions.Current)]
    [DataRow(KubectlVersions.Old)]
    [DataRow(KubectlVersions.Newer)]
    public async Task Get_OutputVariants_PrintAsKubernetesDoes(string version)
    {
        var kubectl = ApiStack.Current.Kubectl(version);
        var ns = KubectlVersions.Name("get", version);
        (await kubectl.RunAsync("create", "namespace", ns)).Succeeded();
        foreach (var name in new[] { "web", "api", "db" })
        {
            var file = Manifests.Write($"{ns}/{name}.yaml", Manifests.Deployment(name, ns, 1, "busybox:1.36", "1"));
            (await kubectl.RunAsync("apply", "-f", file)).Succeeded();
        }

        var wide = (await kubectl.RunAsync("get", "deploy", "-n", ns, "-o", "wide")).Succeeded().Output;
        StringAssert.Contains(wide, "READY");
        StringAssert.Contains(wide, "UP-TO-DATE");
        StringAssert.Contains(wide, "CONTAINERS");
        StringAssert.Contains(wide, "busybox:1.36");
        StringAssert.Contains(wide, "app=web");

        var yaml = (await kubectl.RunAsync("get", "deploy", "web", "-n", ns, "-o", "yaml")).Succeeded().Output;
        StringAssert.Contains(yaml, "kind: Deployment");
        StringAssert.Contains(yaml, "resourceVersion:");

        var all = (await kubectl.RunAsync("get", "deploy", "-A")).Succeeded().Output;
        StringAssert.Contains(all, "NAMESPACE");
        StringAssert.Contains(all, ns);

        var labels = (await kubectl.RunAsync("get", "deploy", "-n", ns, "--show-labels")).Succeeded().Output;
        StringAssert.Contains(labels, "app=api");

        var selected = (await kubectl.RunAsync("get", "deploy", "-n", ns, "-l", "app in (web,api)", "-o", "name"))
            .Succeeded().Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        CollectionAssert.AreEquivalent(new[] { "deployment.apps/api", "deployment.apps/web" }, selected);

        var chunked = (await kubectl.RunAsync("get", "deploy", "-n", ns, "--chunk-size=1", "-o", "name"))
            .Succeeded().Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.AreEqual(3, chunked.Length, string.Join(",", chunked));

        var everything = (await kubectl.RunAsync("get", "all", "-n", ns)).Succeeded().Output;
        StringAssert.Contains(everything, "deployment.apps/web");
    }
}
