using Orchestrator.EndToEnd.Tests.Support;

namespace Orchestrator.EndToEnd.Tests.Kubectl;

/// <summary>Errors read as kubectl prints them against Kubernetes.</summary>
[TestClass]
[TestCategory("EndToEnd")]
public sealed class ErrorTests
{
    [TestMethod]
    [DataRow(KubectlVersions.Current)]
    [DataRow(KubectlVersions.Old)]
    [DataRow(KubectlVersions.Newer)]
    public async Task Errors_CommonMistakes_ReadAsKubernetesPrintsThem(string version)
    {
        var kubectl = ApiStack.Current.Kubectl(version);
        var ns = KubectlVersions.Name("errors", version);
        (await kubectl.RunAsync("create", "namespace", ns)).Succeeded();

        (await kubectl.RunAsync("get", "pod", "nope", "-n", ns))
            .FailedWith("Error from server (NotFound): pods \"nope\" not found");
        (await kubectl.RunAsync("create", "configmap", "twice", "-n", ns)).Succeeded();
        (await kubectl.RunAsync("create", "configmap", "twice", "-n", ns))
            .FailedWith("configmaps \"twice\" already exists");
        (await kubectl.RunAsync("create", "configmap", "Bad_Name", "-n", ns))
            .FailedWith("ConfigMap \"Bad_Name\" is invalid: metadata.name: Invalid value: \"Bad_Name\"");
        (await kubectl.RunAsync("get", "pods", "-n", "missing-namespace")).Succeeded();
        (await kubectl.RunAsync("create", "configmap", "x", "-n", "missing-namespace"))
            .FailedWith("namespaces \"missing-namespace\" not found");
        (await kubectl.RunAsync("delete", "namespace", "kube-system"))
            .FailedWith("namespaces \"kube-system\" is forbidden: this namespace may not be deleted");
    }

    [TestMethod]
    [DataRow(KubectlVersions.Current)]
    [DataRow(KubectlVersions.Old)]
    [DataRow(KubectlVersions.Newer)]
    public async Task Replace_StaleResourceVersion_Conflicts(string version)
    {
        var kubectl = ApiStack.Current.Kubectl(version);
        var ns = KubectlVersions.Name("stale", version);
        (await kubectl.RunAsync("create", "namespace", ns)).Succeeded();
        (await kubectl.RunAsync("create", "configmap", "c", "--from-literal=a=1", "-n", ns)).Succeeded();
        var stale = (await kubectl.RunAsync("get", "configmap", "c", "-n", ns, "-o", "yaml")).Succeeded().Output;
        (await kubectl.RunAsync("label", "configmap", "c", "moved=on", "-n", ns)).Succeeded();
        var file = Manifests.Write($"{ns}/stale.yaml", stale);

        (await kubectl.RunAsync("replace", "-f", file)).FailedWith(
            "Operation cannot be fulfilled on configmaps \"c\": the object has been modified; " +
            "please apply your changes to the latest version and try again");
    }

    [TestMethod]
    [DataRow(KubectlVersions.Current)]
    [DataRow(KubectlVersions.Old)]
    [DataRow(KubectlVersions.Newer)]
    public async Task Apply_UnknownFieldUnderStrictValidation_IsRefusedNamingTheField(string version)
    {
        var kubectl = ApiStack.Current.Kubectl(version);
        var ns = KubectlVersions.Name("strict", version);
        (await kubectl.RunAsync("create", "namespace", ns)).Succeeded();
        var file = Manifests.Write($"{ns}/typo.yaml", $"""
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: typo
              namespace: {ns}
            dataa:
              a: "1"
            """);

        var result = await kubectl.RunAsync("apply", "-f", file);

        result.FailedWith("unknown field \"dataa\"");
    }

    [TestMethod]
    [DataRow(KubectlVersions.Current)]
    [DataRow(KubectlVersions.Old)]
    [DataRow(KubectlVersions.Newer)]
    public async Task AnyCommand_WrongToken_IsUnauthorized(string version)
    {
        var kubectl = ApiStack.Current.Kubectl(version);

        var result = await kubectl.RunAsync("get", "pods", "--token=wrong-token");

        // What kubectl prints for a 401 Status from Kubernetes.
        result.FailedWith("You must be logged in to the server (the server has asked for the client to provide " +
            "credentials)");
    }
}
