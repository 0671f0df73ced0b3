using Orchestrator.EndToEnd.Tests.Support;

namespace Orchestrator.EndToEnd.Tests.Kubectl;

/// <summary>kubectl's generators, which send their objects as Kubernetes protobuf.</summary>
[TestClass]
[TestCategory("EndToEnd")]
public sealed class CreateTests
{
    [TestMethod]
    [DataRow(KubectlVersions.Current)]
    [DataRow(KubectlVersions.Old)]
    [DataRow(KubectlVersions.Newer)]
    public async Task CreateGenerators_ProtobufBodies_CreateTheObjects(string version)
    {
        var kubectl = ApiStack.Current.Kubectl(version);
        var ns = KubectlVersions.Name("team-a", version);

        (await kubectl.RunAsync("create", "namespace", ns)).Succeeded();
        (await kubectl.RunAsync("create", "configmap", "c", "--from-literal=a=1", "-n", ns)).Succeeded();
        (await kubectl.RunAsync("create", "secret", "generic", "s", "--from-literal=p=x", "-n", ns)).Succeeded();
        (await kubectl.RunAsync("create", "deployment", "web", "--image=busybox:1.36", "-n", ns)).Succeeded();
        (await kubectl.RunAsync("create", "serviceaccount", "robot", "-n", ns)).Succeeded();

        var configMap = await kubectl.RunAsync("get", "configmap", "c", "-n", ns, "-o", "jsonpath={.data.a}");
        Assert.AreEqual("1", configMap.Succeeded().Output);
        var secret = await kubectl.RunAsync("get", "secret", "s", "-n", ns, "-o", "jsonpath={.data.p}");
        Assert.AreEqual("eA==", secret.Succeeded().Output);
        var image = await kubectl.RunAsync("get", "deployment", "web", "-n", ns, "-o",
            "jsonpath={.spec.template.spec.containers[0].image} {.spec.selector.matchLabels.app}");
        Assert.AreEqual("busybox:1.36 web", image.Succeeded().Output);
        (await kubectl.RunAsync("get", "serviceaccount", "robot", "-n", ns)).Succeeded();
        var nsPhase = await kubectl.RunAsync("get", "namespace", ns, "-o", "jsonpath={.status.phase}");
        Assert.AreEqual("Active", nsPhase.Succeeded().Output);
    }

    [TestMethod]
    public async Task AuthCanI_ProtobufReview_AnswersYes()
    {
        var result = await ApiStack.Current.Kubectl().RunAsync("auth", "can-i", "get", "pods");

        Assert.AreEqual("yes", result.Succeeded().Output.Trim());
    }
}
