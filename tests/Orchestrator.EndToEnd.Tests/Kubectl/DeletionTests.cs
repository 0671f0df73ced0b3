using Orchestrator.EndToEnd.Tests.Support;
using Orchestrator.Testing;

namespace Orchestrator.EndToEnd.Tests.Kubectl;

/// <summary>Owner references, cascades, finalizers and namespaces, as kubectl drives them.</summary>
[TestClass]
[TestCategory("EndToEnd")]
public sealed class DeletionTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    [TestMethod]
    [DataRow("background", KubectlVersions.Current)]
    [DataRow("orphan", KubectlVersions.Current)]
    [DataRow("foreground", KubectlVersions.Current)]
    [DataRow("background", KubectlVersions.Old)]
    [DataRow("orphan", KubectlVersions.Newer)]
    public async Task DeleteOwner_WithCascade_TreatsDependentAsKubernetesDoes(string cascade, string version)
    {
        var kubectl = ApiStack.Current.Kubectl(version);
        var ns = KubectlVersions.Name("cascade-" + cascade, version);
        (await kubectl.RunAsync("create", "namespace", ns)).Succeeded();
        (await kubectl.RunAsync("create", "configmap", "owner", "-n", ns)).Succeeded();
        var uid = (await kubectl.RunAsync("get", "configmap", "owner", "-n", ns, "-o", "jsonpath={.metadata.uid}"))
            .Succeeded().Output;
        var dependent = Manifests.Write($"{ns}/dependent.yaml", $$"""
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: dependent
              namespace: {{ns}}
              {{(cascade == "foreground" ? "finalizers: [example.com/hold]" : "")}}
              ownerReferences:
              - {apiVersion: v1, kind: ConfigMap, name: owner, uid: {{uid}}}
            """);
        (await kubectl.RunAsync("apply", "-f", dependent)).Succeeded();

        (await kubectl.RunAsync("delete", "configmap", "owner", "-n", ns, $"--cascade={cascade}", "--wait=false"))
            .Succeeded();

        async Task<bool> GoneAsync(string name) =>
            (await kubectl.RunAsync("get", "configmap", name, "-n", ns)).ExitCode != 0;

        switch (cascade)
        {
            case "background":
                await Eventually.HoldsAsync("the dependent to be collected after its owner", Deadline,
                    () => GoneAsync("dependent"));
                break;
            case "orphan":
                await Eventually.HoldsAsync("the owner to be deleted", Deadline, () => GoneAsync("owner"));
                var refs = await kubectl.RunAsync("get", "configmap", "dependent", "-n", ns, "-o",
                    "jsonpath={.metadata.ownerReferences}");
                Assert.AreEqual("", refs.Succeeded().Output, "the orphan keeps no owner reference");
                break;
            default:
                // The dependent is held by its own finalizer, so the owner waits, marked for deletion.
                await Eventually.HoldsAsync("the dependent to be marked for deletion", Deadline, async () =>
                    (await kubectl.RunAsync("get", "configmap", "dependent", "-n", ns, "-o",
                        "jsonpath={.metadata.deletionTimestamp}")).Output.Length > 0);
                var owner = await kubectl.RunAsync("get", "configmap", "owner", "-n", ns, "-o",
                    "jsonpath={.metadata.deletionTimestamp} {.metadata.finalizers}");
                StringAssert.Contains(owner.Succeeded().Output, "foregroundDeletion");
                (await kubectl.RunAsync("patch", "configmap", "dependent", "-n", ns, "--type=merge", "-p",
                    """{"metadata":{"finalizers":null}}""")).Succeeded();
                await Eventually.HoldsAsync("the owner to go once its dependent is gone", Deadline,
                    () => GoneAsync("owner"));
                break;
        }
    }

    [TestMethod]
    [DataRow(KubectlVersions.Current)]
    [DataRow(KubectlVersions.Old)]
    [DataRow(KubectlVersions.Newer)]
    public async Task DeletePodWithFinalizer_StaysUntilFinalizerRemoved_ThenWatchersSeeDeleted(string version)
    {
        var kubectl = ApiStack.Current.Kubectl(version);
        var ns = KubectlVersions.Name("finalizer", version);
        (await kubectl.RunAsync("create", "namespace", ns)).Succeeded();
        var pod = Manifests.Write($"{ns}/held.yaml", $"""
            apiVersion: v1
            kind: Pod
            metadata:
              name: held
              namespace: {ns}
              finalizers: [example.com/hold]
            spec:
              containers: [{"{"}name: app, image: "busybox:1.36"{"}"}]
            """);
        (await kubectl.RunAsync("apply", "-f", pod)).Succeeded();
        using var watch = kubectl.Start(["get", "pods", "-n", ns, "-w", "--output-watch-events"]);
        var events = new WatchOutput(watch);
        await events.WaitForAsync("ADDED", Deadline);

        (await kubectl.RunAsync("delete", "pod", "held", "-n", ns, "--wait=false")).Succeeded();
        var marked = await kubectl.RunAsync("get", "pod", "held", "-n", ns, "-o",
            "jsonpath={.metadata.deletionTimestamp}");
        Assert.AreNotEqual("", marked.Succeeded().Output, "the pod stays, marked for deletion");

        (await kubectl.RunAsync("patch", "pod", "held", "-n", ns, "--type=json", "-p",
            """[{"op":"remove","path":"/metadata/finalizers"}]""")).Succeeded();
        await events.WaitForAsync("DELETED", Deadline);
        watch.Kill();
    }

    [TestMethod]
    [DataRow(KubectlVersions.Current)]
    [DataRow(KubectlVersions.Old)]
    [DataRow(KubectlVersions.Newer)]
    public async Task DeleteNamespace_WithContents_DeletesEverythingInIt(string version)
    {
        var kubectl = ApiStack.Current.Kubectl(version);
        var ns = KubectlVersions.Name("doomed", version);
        (await kubectl.RunAsync("create", "namespace", ns)).Succeeded();
        (await kubectl.RunAsync("create", "configmap", "c", "-n", ns)).Succeeded();
        (await kubectl.RunAsync("create", "deployment", "web", "--image=busybox:1.36", "-n", ns)).Succeeded();

        (await kubectl.RunAsync(["delete", "namespace", ns], null, null, TimeSpan.FromSeconds(60))).Succeeded();

        (await kubectl.RunAsync("get", "namespace", ns)).FailedWith($"namespaces \"{ns}\" not found");
        var left = await kubectl.RunAsync("get", "configmaps,deployments", "-n", ns, "-o", "name");
        Assert.AreEqual("", left.Succeeded().Output.Trim());
    }
}
