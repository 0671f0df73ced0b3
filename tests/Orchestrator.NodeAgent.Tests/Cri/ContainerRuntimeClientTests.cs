using System.Net;
using System.Text;
using Grpc.Core;
using Orchestrator.NodeAgent.Cri;
using Orchestrator.NodeAgent.Cri.Api;
using Orchestrator.Testing;

namespace Orchestrator.NodeAgent.Tests.Cri;

/// <summary>The CRI client against a real containerd of the tests' own, running real pods on a CNI bridge.</summary>
[TestClass]
[TestCategory("Integration")]
public sealed class ContainerRuntimeClientTests
{
    private static readonly TimeSpan WaitTimeout = TimeSpan.FromSeconds(30);
    private static TestContainerd? s_containerd;
    private static ContainerRuntimeClient? s_client;

    private readonly List<string> _sandboxes = [];
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromMinutes(2));

    private static TestContainerd Containerd => s_containerd ?? throw new InvalidOperationException("not started");

    private static ContainerRuntimeClient Client => s_client ?? throw new InvalidOperationException("not started");

    private CancellationToken Token => _timeout.Token;

    [ClassInitialize]
    public static async Task StartContainerdAsync(TestContext context)
    {
        s_containerd = await TestContainerd.StartAsync("test");
        s_client = ContainerRuntimeClient.ForUnixSocket(s_containerd.Socket);
    }

    [ClassCleanup]
    public static async Task StopContainerdAsync()
    {
        s_client?.Dispose();
        if (s_containerd != null)
        {
            await s_containerd.DisposeAsync();
        }
    }

    [TestCleanup]
    public async Task RemoveSandboxesAsync()
    {
        foreach (var sandbox in _sandboxes)
        {
            await Client.StopPodSandboxAsync(sandbox, CancellationToken.None);
            await Client.RemovePodSandboxAsync(sandbox, CancellationToken.None);
        }

        _timeout.Dispose();
    }

    [TestMethod]
    public async Task GetVersionAsync_Containerd_ReportsContainerdServingCriV1()
    {
        var version = await Client.GetVersionAsync(Token);

        Assert.AreEqual("containerd", version.RuntimeName);
        Assert.AreEqual("v1", version.RuntimeApiVersion);
        Assert.IsFalse(string.IsNullOrEmpty(version.RuntimeVersion));
    }

    [TestMethod]
    public async Task GetRuntimeStatusAsync_Containerd_RuntimeAndNetworkReady()
    {
        var status = await Client.GetRuntimeStatusAsync(Token);

        var conditions = status.Conditions.ToDictionary(condition => condition.Type, condition => condition.Status);
        Assert.IsTrue(conditions["RuntimeReady"], "RuntimeReady");
        Assert.IsTrue(conditions["NetworkReady"], "NetworkReady");
    }

    [TestMethod]
    public async Task RunPodSandboxAsync_CniBridge_SandboxReadyWithAddressInSubnet()
    {
        var (sandbox, _) = await RunSandboxAsync("ip");

        var status = await Client.GetPodSandboxStatusAsync(sandbox, Token);

        Assert.IsNotNull(status);
        Assert.AreEqual(PodSandboxState.SandboxReady, status.State);
        Assert.IsTrue(IPAddress.TryParse(status.Network.Ip, out var address), $"pod IP '{status.Network.Ip}'");
        Assert.IsTrue(Containerd.Subnet.Contains(address), $"{address} outside {Containerd.Subnet}");
    }

    [TestMethod]
    public async Task StartContainerAsync_Httpd_HostFetchesFileFromPodAddress()
    {
        var (sandbox, config) = await RunSandboxAsync("web");
        var content = Guid.NewGuid().ToString();
        var script = $"mkdir -p /www && echo {content} > /www/index.html && exec httpd -f -p 8080 -h /www";

        await StartContainerAsync(sandbox, config, TestPods.Container("httpd", "sh", "-c", script));

        var address = (await Client.GetPodSandboxStatusAsync(sandbox, Token))!.Network.Ip;
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var body = await Eventually.SucceedsAsync($"httpd on {address}:8080 to serve index.html", WaitTimeout,
            () => http.GetStringAsync(new Uri($"http://{address}:8080/index.html"), Token));
        Assert.AreEqual(content, body.Trim());
    }

    [TestMethod]
    public async Task StartContainerAsync_PodsOnTwoInstances_ReachEachOther()
    {
        await using var peer = await TestContainerd.StartAsync("peer");
        using var peerClient = ContainerRuntimeClient.ForUnixSocket(peer.Socket);
        var peerConfig = TestPods.Sandbox($"peer-{Guid.NewGuid().ToString("N")[..6]}", peer.Directory + "/pods");
        var peerSandbox = await peerClient.RunPodSandboxAsync(peerConfig, Token);
        var content = Guid.NewGuid().ToString();
        var script = $"mkdir -p /www && echo {content} > /www/index.html && exec httpd -f -p 8080 -h /www";
        var server = await peerClient.CreateContainerAsync(
            peerSandbox, TestPods.Container("httpd", "sh", "-c", script), peerConfig, Token);
        await peerClient.StartContainerAsync(server, Token);
        var peerAddress = (await peerClient.GetPodSandboxStatusAsync(peerSandbox, Token))!.Network.Ip;
        var (sandbox, config) = await RunSandboxAsync("client");
        var client = await StartContainerAsync(sandbox, config, TestPods.Container("sleeper", "sleep", "3600"));

        var fetched = await Eventually.SucceedsAsync($"pod on {Containerd.Bridge} to fetch from {peerAddress}",
            WaitTimeout, async () =>
            {
                var result = await Client.ExecSyncAsync(client,
                    ["wget", "-q", "-O", "-", $"http://{peerAddress}:8080/index.html"],
                    TimeSpan.FromSeconds(5), Token);
                return result.ExitCode == 0
                    ? result.Stdout.ToStringUtf8()
                    : throw new InvalidOperationException(
                        $"wget exited {result.ExitCode}: {result.Stderr.ToStringUtf8()}");
            });

        Assert.AreEqual(content, fetched.Trim());
        Assert.IsFalse(Containerd.Subnet.Contains(IPAddress.Parse(peerAddress)), "the peer has a subnet of its own");
        await peerClient.RemovePodSandboxAsync(peerSandbox, Token);
    }

    [TestMethod]
    public async Task StartContainerAsync_Echo_LogWrittenInCriFormat()
    {
        var (sandbox, config) = await RunSandboxAsync("logs");
        var container = await StartContainerAsync(sandbox, config,
            TestPods.Container("talker", "sh", "-c", "echo to-stdout; echo to-stderr >&2"));
        await WaitForContainerStateAsync(container, ContainerState.ContainerExited);

        var path = Path.Combine(config.LogDirectory, "talker", "0.log");
        var lines = await File.ReadAllLinesAsync(path, Token);

        // Each line: <RFC 3339 time> <stream> <F for a full line, P for a partial one> <text>.
        var parsed = lines.Select(line => line.Split(' ', 4)).Select(parts => (parts[1], parts[2], parts[3])).ToList();
        CollectionAssert.AreEquivalent(new[] { ("stdout", "F", "to-stdout"), ("stderr", "F", "to-stderr") }, parsed);
        Assert.IsTrue(lines.All(line => DateTimeOffset.TryParse(line.Split(' ')[0], out _)), string.Join('\n', lines));
    }

    [TestMethod]
    public async Task ExecSyncAsync_CatEtcHostname_ReturnsSandboxHostname()
    {
        var (sandbox, config) = await RunSandboxAsync("named");
        var container = await StartContainerAsync(sandbox, config, TestPods.Container("sleeper", "sleep", "3600"));

        var result = await Client.ExecSyncAsync(container, ["cat", "/etc/hostname"], TimeSpan.FromSeconds(10), Token);

        Assert.AreEqual(0, result.ExitCode, result.Stderr.ToStringUtf8());
        Assert.AreEqual(config.Hostname, result.Stdout.ToStringUtf8().Trim());
    }

    [TestMethod]
    [DataRow("exit 0", 0, "")]
    [DataRow("echo out; echo err >&2; exit 3", 3, "out\n")]
    [DataRow("printf 'a b'", 0, "a b")]
    public async Task ExecSyncAsync_ShellCommand_ReturnsExitCodeAndOutput(string command, int exitCode, string stdout)
    {
        var (sandbox, config) = await RunSandboxAsync("exec");
        var container = await StartContainerAsync(sandbox, config, TestPods.Container("sleeper", "sleep", "3600"));

        var result = await Client.ExecSyncAsync(container, ["sh", "-c", command], TimeSpan.FromSeconds(10), Token);

        Assert.AreEqual(exitCode, result.ExitCode);
        Assert.AreEqual(stdout, Encoding.UTF8.GetString(result.Stdout.Span));
    }

    [TestMethod]
    [DataRow("exit 1", 1, "Error")]
    [DataRow("exit 0", 0, "Completed")]
    public async Task GetContainerStatusAsync_ContainerExits_ReportsExitedWithExitCode(
        string command, int exitCode, string reason)
    {
        var (sandbox, config) = await RunSandboxAsync("exits");
        var container = await StartContainerAsync(sandbox, config, TestPods.Container("once", "sh", "-c", command));

        var status = await WaitForContainerStateAsync(container, ContainerState.ContainerExited);

        Assert.AreEqual(exitCode, status.ExitCode);
        Assert.AreEqual(reason, status.Reason);
        Assert.IsGreaterThan(0L, status.FinishedAt);
    }

    [TestMethod]
    public async Task RemovePodSandboxAsync_AfterStop_LeavesNothingListed()
    {
        var (sandbox, config) = await RunSandboxAsync("gone");
        var container = await StartContainerAsync(sandbox, config, TestPods.Container("sleeper", "sleep", "3600"));

        await Client.StopContainerAsync(container, TimeSpan.FromSeconds(1), Token);
        var stopped = await Client.GetContainerStatusAsync(container, Token);
        await Client.RemoveContainerAsync(container, Token);
        await Client.StopPodSandboxAsync(sandbox, Token);
        await Client.RemovePodSandboxAsync(sandbox, Token);

        Assert.AreEqual(ContainerState.ContainerExited, stopped?.State);
        var containers = await Client.ListContainersAsync(new ContainerFilter { PodSandboxId = sandbox }, Token);
        var sandboxes = await Client.ListPodSandboxesAsync(new PodSandboxFilter { Id = sandbox }, Token);
        Assert.IsEmpty(containers);
        Assert.IsEmpty(sandboxes);
        Assert.IsNull(await Client.GetContainerStatusAsync(container, Token));
        Assert.IsNull(await Client.GetPodSandboxStatusAsync(sandbox, Token));
    }

    [TestMethod]
    public async Task ListContainersAsync_LabelSelector_FindsOnlyMatchingContainer()
    {
        var (sandbox, config) = await RunSandboxAsync("labels");
        var first = await StartContainerAsync(sandbox, config, TestPods.Container("first", "sleep", "3600"));
        await StartContainerAsync(sandbox, config, TestPods.Container("second", "sleep", "3600"));

        var filter = new ContainerFilter { LabelSelector = { ["orchestrator.test/container"] = "first" } };
        filter.PodSandboxId = sandbox;
        var listed = await Client.ListContainersAsync(filter, Token);

        Assert.AreEqual(first, listed.Single().Id);
        Assert.AreEqual(ContainerState.ContainerRunning, listed.Single().State);
    }

    [TestMethod]
    [DataRow("docker.io/library/busybox:1.36", true)]
    [DataRow("docker.io/library/busybox:1.37", true)]
    [DataRow("orchestrator.local/pause:1", true)]
    [DataRow("docker.io/library/busybox:0.0-missing", false)]
    public async Task GetImageStatusAsync_Image_FoundOnlyWhenImported(string image, bool present)
    {
        var status = await Client.GetImageStatusAsync(image, Token);

        Assert.AreEqual(present, status != null, image);
        if (present)
        {
            CollectionAssert.Contains(status!.RepoTags, image);
        }
    }

    [TestMethod]
    public async Task EnsureImageAsync_ImagePresent_ReturnsItsIdWithoutRegistry()
    {
        var id = await Client.EnsureImageAsync(TestPods.Busybox, Token);

        var status = await Client.GetImageStatusAsync(TestPods.Busybox, Token);
        Assert.AreEqual(status?.Id, id);
    }

    [TestMethod]
    public async Task EnsureImageAsync_MissingImageWithoutRegistry_ThrowsNamingImage()
    {
        const string image = "127.0.0.1:9/orchestrator/missing:1";

        var error = await Assert.ThrowsExactlyAsync<RpcException>(() => Client.EnsureImageAsync(image, Token));

        Assert.Contains(image, error.Status.Detail);
    }

    [TestMethod]
    public async Task StopAndRemove_UnknownIds_Succeed()
    {
        const string unknown = "0123456789abcdef";

        await Client.StopContainerAsync(unknown, TimeSpan.Zero, Token);
        await Client.RemoveContainerAsync(unknown, Token);
        await Client.StopPodSandboxAsync(unknown, Token);
        await Client.RemovePodSandboxAsync(unknown, Token);

        Assert.IsNull(await Client.GetContainerStatusAsync(unknown, Token));
        Assert.IsNull(await Client.GetPodSandboxStatusAsync(unknown, Token));
    }

    private async Task<(string Sandbox, PodSandboxConfig Config)> RunSandboxAsync(string name)
    {
        var config = TestPods.Sandbox($"{name}-{Guid.NewGuid().ToString("N")[..6]}", Containerd.Directory + "/pods");
        var sandbox = await Client.RunPodSandboxAsync(config, Token);
        _sandboxes.Add(sandbox);
        return (sandbox, config);
    }

    private async Task<string> StartContainerAsync(string sandbox, PodSandboxConfig config, ContainerConfig container)
    {
        var id = await Client.CreateContainerAsync(sandbox, container, config, Token);
        await Client.StartContainerAsync(id, Token);
        return id;
    }

    private async Task<ContainerStatus> WaitForContainerStateAsync(string container, ContainerState state)
    {
        ContainerStatus? status = null;
        await Eventually.HoldsAsync($"container {container} to be {state}", WaitTimeout, async () =>
        {
            status = await Client.GetContainerStatusAsync(container, Token);
            return status?.State == state;
        });
        return status!;
    }
}
