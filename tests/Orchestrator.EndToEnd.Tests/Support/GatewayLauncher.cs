using Orchestrator.Testing;

namespace Orchestrator.EndToEnd.Tests.Support;

/// <summary>Starts the gateway in front of one control plane and writes the kubeconfig users get.</summary>
internal static class GatewayLauncher
{
    private const string IngressPortFile = "ingress.port";

    /// <summary>The plain-HTTP ingress port of the gateway started with this data directory.</summary>
    public static int IngressPortOf(string dataDirectory) =>
        int.Parse(File.ReadAllText(Path.Combine(dataDirectory, IngressPortFile)));

    public static async Task<(StackProcess Gateway, string Kubeconfig)> StartAsync(
        string dataDirectory, IReadOnlyList<int> controlPlanePorts, TimeSpan timeout)
    {
        var port = FreePorts.Next();
        var ingressPort = FreePorts.Next();
        await File.WriteAllTextAsync(Path.Combine(dataDirectory, IngressPortFile), ingressPort.ToString());
        var server = $"https://127.0.0.1:{port}";
        using var http = new HttpClient(new HttpClientHandler
        {
            ServerCertificateCustomValidationCallback = (_, _, _, _) => true,
        })
        { Timeout = TimeSpan.FromSeconds(2) };
        var gateway = await StackProcess.StartAsync("gateway", RepositoryPaths.Program("Orchestrator.Gateway"),
            new Dictionary<string, string>
            {
                ["Orchestrator__DataDirectory"] = dataDirectory,
                ["Orchestrator__Region"] = "e2e",
                ["Gateway__Port"] = port.ToString(),
                ["Gateway__IngressPort"] = ingressPort.ToString(),
                ["Gateway__Address"] = "127.0.0.1",
                ["Gateway__ControlPlanes"] = string.Join(',', controlPlanePorts.Select(p => $"http://127.0.0.1:{p}")),
            },
            () => ApiStack.IsOkAsync($"{server}/readyz", http), timeout);

        var caPem = Convert.ToBase64String(System.Text.Encoding.ASCII.GetBytes(
            File.ReadAllText(FindFile(dataDirectory, "ca.crt"))));
        var token = File.ReadAllText(FindFile(dataDirectory, "admin.token")).Trim();
        var kubeconfig = Path.Combine(dataDirectory, "kubeconfig");
        await File.WriteAllTextAsync(kubeconfig, $"""
            apiVersion: v1
            kind: Config
            clusters:
            - name: orchestrator-e2e
              cluster:
                server: {server}
                certificate-authority-data: {caPem}
            users:
            - name: orchestrator-e2e
              user:
                token: {token}
            contexts:
            - name: orchestrator-e2e
              context: {"{"}cluster: orchestrator-e2e, user: orchestrator-e2e{"}"}
            current-context: orchestrator-e2e
            """);
        return (gateway, kubeconfig);
    }

    private static string FindFile(string directory, string name) =>
        Directory.EnumerateFiles(directory, name, SearchOption.AllDirectories).FirstOrDefault()
        ?? throw new InvalidOperationException($"The gateway wrote no {name} under {directory}");
}
