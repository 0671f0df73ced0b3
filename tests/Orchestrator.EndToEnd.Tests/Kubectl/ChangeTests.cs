using Orchestrator.EndToEnd.Tests.Support;

namespace Orchestrator.EndToEnd.Tests.Kubectl;

/// <summary>The everyday ways of changing an object: label, annotate, patch, scale and edit.</summary>
[TestClass]
[TestCategory("EndToEnd")]
public sealed class ChangeTests
{
    [TestMethod]
    [DataRow(KubectlVersions.Current)]
    [DataRow(KubectlVersions.Old)]
    [DataRow(KubectlVersions.Newer)]
    public async Task LabelAnnotatePatchScale_ChangeTheDeployment(string version)
    {
        var kubectl = ApiStack.Current.Kubectl(version);
        var ns = KubectlVersions.Name("change", version);
        (await kubectl.RunAsync("create", "namespace", ns)).Succeeded();
        (await kubectl.RunAsync("create", "deployment", "web", "--image=busybox:1.36", "-n", ns)).Succeeded();

        (await kubectl.RunAsync("label", "deploy", "web", "tier=fe", "-n", ns)).Succeeded();
        (await kubectl.RunAsync("annotate", "deploy", "web", "owner=team-a", "-n", ns)).Succeeded();
        (await kubectl.RunAsync("patch", "deploy", "web", "-n", ns, "-p",
            """{"spec":{"template":{"spec":{"containers":[{"name":"busybox","image":"busybox:1.37"}]}}}}"""))
            .Succeeded();
        (await kubectl.RunAsync("patch", "deploy", "web", "-n", ns, "--type=merge", "-p",
            """{"metadata":{"labels":{"merged":"yes"}}}""")).Succeeded();
        (await kubectl.RunAsync("patch", "deploy", "web", "-n", ns, "--type=json", "-p",
            """[{"op":"add","path":"/metadata/labels/json","value":"yes"}]""")).Succeeded();
        (await kubectl.RunAsync("scale", "deploy", "web", "--replicas=3", "-n", ns)).Succeeded();

        var result = await kubectl.RunAsync("get", "deploy", "web", "-n", ns, "-o",
            "jsonpath={.metadata.labels.tier} {.metadata.annotations.owner} " +
            "{.spec.template.spec.containers[0].image} {.spec.template.spec.containers[0].name} " +
            "{.metadata.labels.merged} {.metadata.labels.json} {.spec.replicas}");
        Assert.AreEqual("fe team-a busybox:1.37 busybox yes yes 3", result.Succeeded().Output);
    }

    [TestMethod]
    [DataRow(KubectlVersions.Current)]
    [DataRow(KubectlVersions.Old)]
    [DataRow(KubectlVersions.Newer)]
    public async Task Edit_WithEditorScript_SavesTheChange(string version)
    {
        var kubectl = ApiStack.Current.Kubectl(version);
        var ns = KubectlVersions.Name("edit", version);
        (await kubectl.RunAsync("create", "namespace", ns)).Succeeded();
        (await kubectl.RunAsync("create", "configmap", "settings", "--from-literal=mode=slow", "-n", ns)).Succeeded();
        var editor = Manifests.Write($"{ns}/editor.sh", "#!/bin/sh\nsed -i 's/mode: slow/mode: fast/' \"$1\"\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(editor, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        var edit = await kubectl.RunAsync(["edit", "configmap", "settings", "-n", ns], null,
            new Dictionary<string, string> { ["EDITOR"] = editor, ["KUBE_EDITOR"] = editor });

        StringAssert.Contains(edit.Succeeded().Output, "edited");
        var mode = await kubectl.RunAsync("get", "configmap", "settings", "-n", ns, "-o", "jsonpath={.data.mode}");
        Assert.AreEqual("fast", mode.Succeeded().Output);
    }
}
