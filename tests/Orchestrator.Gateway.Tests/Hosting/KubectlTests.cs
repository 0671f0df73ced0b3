using System.Diagnostics;
using System.Text;
using Orchestrator.Gateway.Tls;

namespace Orchestrator.Gateway.Tests.Hosting;

/// <summary>The real kubectl 1.32 against the real gateway, trusting the generated CA.</summary>
[TestClass]
public sealed class KubectlTests
{
    private const string Kubectl = "/usr/lib/google-cloud-sdk/bin/kubectl.1.32";

    private string dataDirectory = "";

    [TestInitialize]
    public void CreateDirectory() => dataDirectory = Directory.CreateTempSubdirectory("gateway-kubectl-").FullName;

    [TestCleanup]
    public void RemoveDirectory() => Directory.Delete(dataDirectory, recursive: true);

    [TestMethod]
    [TestCategory("Integration")]
    public async Task GetRawHealthz_AdminTokenThenWrongToken_PrintsOkThenUnauthorized()
    {
        await using var controlPlane = await TestControlPlane.StartAsync(dataDirectory);
        await using var gateway = await RunningGateway.StartAsync(dataDirectory, controlPlane.Address);

        var accepted = await RunKubectlAsync(gateway, gateway.AdminToken, "get", "--raw", "/healthz");
        var refused = await RunKubectlAsync(gateway, "wrong-token", "get", "--raw", "/api/v1/whoami");

        Assert.AreEqual(0, accepted.ExitCode, accepted.Output);
        Assert.AreEqual("ok", accepted.Output.Trim());
        Assert.AreNotEqual(0, refused.ExitCode, refused.Output);
        StringAssert.Contains(refused.Output, "Unauthorized");
    }

    [TestMethod]
    [TestCategory("Integration")]
    public async Task Gateway_Restarted_ServesSameCertificateAndTokenToKubectl()
    {
        await using var controlPlane = await TestControlPlane.StartAsync(dataDirectory);
        string firstServerCertificate;
        await using (var first = await RunningGateway.StartAsync(dataDirectory, controlPlane.Address))
        {
            firstServerCertificate = File.ReadAllText(
                Path.Combine(dataDirectory, GatewayCertificates.ServerCertificateFile));
        }

        await using var second = await RunningGateway.StartAsync(dataDirectory, controlPlane.Address);
        var whoami = await RunKubectlAsync(second, second.AdminToken, "get", "--raw", "/api/v1/whoami");

        Assert.AreEqual(
            firstServerCertificate,
            File.ReadAllText(Path.Combine(dataDirectory, GatewayCertificates.ServerCertificateFile)));
        Assert.AreEqual(0, whoami.ExitCode, whoami.Output);
        StringAssert.Contains(whoami.Output, "\"user\":\"admin\"");
    }

    private async Task<(int ExitCode, string Output)> RunKubectlAsync(
        RunningGateway gateway, string token, params string[] arguments)
    {
        var kubeconfig = Path.Combine(dataDirectory, $"kubeconfig-{Guid.NewGuid():N}");
        var authority = Convert.ToBase64String(Encoding.ASCII.GetBytes(gateway.Authority.ExportCertificatePem()));
        await File.WriteAllTextAsync(kubeconfig, $"""
            apiVersion: v1
            kind: Config
            clusters:
            - name: test
              cluster:
                server: {gateway.Address.ToString().TrimEnd('/')}
                certificate-authority-data: {authority}
            users:
            - name: test
              user:
                token: {token}
            contexts:
            - name: test
              context:
                cluster: test
                user: test
            current-context: test
            """);

        var start = new ProcessStartInfo(Kubectl)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment = { ["KUBECACHEDIR"] = Path.Combine(dataDirectory, "kube-cache") },
        };
        start.ArgumentList.Add($"--kubeconfig={kubeconfig}");
        start.ArgumentList.Add("--request-timeout=20s");
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var kubectl = Process.Start(start)!;
        var output = kubectl.StandardOutput.ReadToEndAsync();
        var error = kubectl.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await kubectl.WaitForExitAsync(timeout.Token);
        return (kubectl.ExitCode, await output + await error);
    }
}
