using System.Net;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orchestrator.NodeAgent.Cri;
using Orchestrator.NodeAgent.Cri.Api;
using Orchestrator.NodeAgent.Streaming;
using Orchestrator.NodeAgent.Tests.Cri;
using Orchestrator.Testing;

namespace Orchestrator.NodeAgent.Tests.Streaming;

/// <summary>
/// The agent's kubelet paths served by Kestrel against a real containerd of the tests' own, with a pod created
/// directly through CRI under kubelet's labels.
/// </summary>
[TestClass]
[TestCategory("Integration")]
public sealed class KubeletStreamingEndpointsTests
{
    private const string Namespace = "default";
    private const string Pod = "streams";
    private static readonly TimeSpan WaitTimeout = TimeSpan.FromSeconds(30);

    private static TestContainerd? s_containerd;
    private static ContainerRuntimeClient? s_runtime;
    private static WebApplication? s_agent;
    private static HttpClient? s_http;
    private static Uri? s_baseAddress;
    private static string? s_sandbox;
    private static string? s_logRoot;

    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromMinutes(1));

    private static HttpClient Http => s_http ?? throw new InvalidOperationException("not started");

    private static Uri BaseAddress => s_baseAddress ?? throw new InvalidOperationException("not started");

    private CancellationToken Token => _timeout.Token;

    [ClassInitialize]
    public static async Task StartAsync(TestContext context)
    {
        s_containerd = await TestContainerd.StartAsync("streams");
        s_runtime = ContainerRuntimeClient.ForUnixSocket(s_containerd.Socket);
        s_logRoot = Directory.CreateTempSubdirectory("streams-logs-").FullName;
        await StartPodAsync(s_runtime, s_logRoot);

        var port = FreePorts.Next();
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["NodeAgent:ContainerdSocket"] = s_containerd.Socket,
            ["NodeAgent:Port"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["NodeAgent:LogPollInterval"] = "00:00:00.05",
        });
        builder.Services.AddKubeletStreaming(builder.Configuration);
        s_agent = builder.Build();
        s_agent.MapKubeletStreaming();
        await s_agent.StartAsync();
        s_baseAddress = new Uri($"http://127.0.0.1:{port}");
        s_http = new HttpClient { BaseAddress = s_baseAddress, Timeout = TimeSpan.FromSeconds(30) };
    }

    [ClassCleanup]
    public static async Task StopAsync()
    {
        s_http?.Dispose();
        if (s_agent != null)
        {
            await s_agent.StopAsync();
            await s_agent.DisposeAsync();
        }

        if (s_runtime != null && s_sandbox != null)
        {
            await s_runtime.StopPodSandboxAsync(s_sandbox, CancellationToken.None);
            await s_runtime.RemovePodSandboxAsync(s_sandbox, CancellationToken.None);
        }

        s_runtime?.Dispose();
        if (s_containerd != null)
        {
            await s_containerd.DisposeAsync();
        }

        if (s_logRoot != null)
        {
            Directory.Delete(s_logRoot, recursive: true);
        }
    }

    [TestCleanup]
    public void DisposeTimeout() => _timeout.Dispose();

    [TestMethod]
    public async Task ContainerLogs_TailLines_LastLinesAsPlainText()
    {
        await WaitForLogLineAsync(5);

        var text = await Http.GetStringAsync($"/containerLogs/{Namespace}/{Pod}/counter?tailLines=2", Token);

        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.AreEqual(2, lines.Length, text);
        Assert.IsTrue(lines.All(line => line.StartsWith("line ", StringComparison.Ordinal)), text);
        Assert.AreEqual(Number(lines[0]) + 1, Number(lines[1]), text);
    }

    [TestMethod]
    public async Task ContainerLogs_Timestamps_Rfc3339NanoPrefix()
    {
        await WaitForLogLineAsync(1);

        var text = await Http.GetStringAsync(
            $"/containerLogs/{Namespace}/{Pod}/counter?timestamps=true&limitBytes=200", Token);

        var first = text.Split('\n')[0];
        var space = first.IndexOf(' ', StringComparison.Ordinal);
        Assert.AreEqual(30, space, first);
        Assert.IsTrue(LogTimestamp.TryParse(first.AsSpan(0, space), out _), first);
        Assert.AreEqual("line 0", first[(space + 1)..]);
        Assert.IsTrue(text.Length <= 200);
    }

    [TestMethod]
    public async Task ContainerLogs_Follow_NewLinesArrive()
    {
        var start = await WaitForLogLineAsync(1);
        using var request = new HttpRequestMessage(HttpMethod.Get,
            $"/containerLogs/{Namespace}/{Pod}/counter?follow=true&tailLines=1");
        using var response = await Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, Token);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(Token));

        var first = Number(await reader.ReadLineAsync(Token) ?? "");
        var later = Number(await reader.ReadLineAsync(Token) ?? "");
        var latest = Number(await reader.ReadLineAsync(Token) ?? "");

        Assert.IsTrue(first >= start, $"{first} < {start}");
        Assert.AreEqual(first + 1, later);
        Assert.AreEqual(first + 2, latest);
    }

    [TestMethod]
    public async Task ContainerLogs_UnknownContainer_NotFoundStatus()
    {
        using var response = await Http.GetAsync($"/containerLogs/{Namespace}/{Pod}/nope", Token);

        Assert.AreEqual(HttpStatusCode.NotFound, response.StatusCode);
        var status = JsonNode.Parse(await response.Content.ReadAsStringAsync(Token))!;
        Assert.AreEqual("Status", status["kind"]!.GetValue<string>());
        StringAssert.Contains(status["message"]!.GetValue<string>(), "\"nope\"");
    }

    [TestMethod]
    public async Task Exec_WebSocketV5_StdoutAndSuccessStatus()
    {
        var (stdout, status, protocol) = await ExecAsync("v5.channel.k8s.io", "cat", "/etc/hostname");

        Assert.AreEqual("v5.channel.k8s.io", protocol);
        Assert.AreEqual(Pod + "\n", stdout);
        Assert.AreEqual("Success", status["status"]!.GetValue<string>(), status.ToJsonString());
    }

    [TestMethod]
    [DataRow("v5.channel.k8s.io")]
    [DataRow("v4.channel.k8s.io")]
    public async Task Exec_WebSocketNonZeroExit_ExitCodeInStatus(string protocol)
    {
        var (_, status, _) = await ExecAsync(protocol, "sh", "-c", "exit 3");

        Assert.AreEqual("Failure", status["status"]!.GetValue<string>(), status.ToJsonString());
        Assert.AreEqual("NonZeroExitCode", status["reason"]!.GetValue<string>());
        var cause = status["details"]!["causes"]!.AsArray().Single()!;
        Assert.AreEqual("ExitCode", cause["reason"]!.GetValue<string>());
        Assert.AreEqual("3", cause["message"]!.GetValue<string>());
    }

    [TestMethod]
    public async Task PortForward_Spdy_ReachesHttpdInPod()
    {
        var url = new Uri(BaseAddress, $"/portForward/{Namespace}/{Pod}");
        var connection = await Orchestrator.NodeAgent.Streaming.SpdyUpgradeDialer.ConnectAsync(
            url, "portforward.k8s.io", Token);
        await using var spdy = new TestSpdyClient(connection);

        var response = await GetThroughPortForwardAsync(spdy);

        StringAssert.StartsWith(response, "HTTP/1.1 200");
        StringAssert.Contains(response, "hello from httpd");
    }

    [TestMethod]
    public async Task PortForward_WebSocketTunnel_ReachesHttpdInPod()
    {
        var (socket, protocol) = await ConnectTunnelAsync($"/portForward/{Namespace}/{Pod}");
        await using var spdy = new TestSpdyClient(
            WebSocketStream.Create(socket, WebSocketMessageType.Binary, ownsWebSocket: true));

        var response = await GetThroughPortForwardAsync(spdy);

        Assert.AreEqual(WebSocketTunnelRelay.PortForwardProtocol, protocol);
        StringAssert.StartsWith(response, "HTTP/1.1 200");
        StringAssert.Contains(response, "hello from httpd");
    }

    [TestMethod]
    [DataRow("cat /etc/hostname", "Success", Pod + "\n")]
    [DataRow("echo out; exit 3", "NonZeroExitCode", "out\n")]
    public async Task Exec_Spdy_StdoutAndStatusOnErrorStream(string script, string outcome, string expected)
    {
        var query = $"command=sh&command=-c&command={Uri.EscapeDataString(script)}&stdout=1";
        var url = new Uri(BaseAddress, $"/exec/{Namespace}/{Pod}/counter?{query}");
        var connection = await Orchestrator.NodeAgent.Streaming.SpdyUpgradeDialer.ConnectAsync(
            url, "v4.channel.k8s.io", Token);
        await using var spdy = new TestSpdyClient(connection);

        var error = await spdy.OpenStreamAsync(new Dictionary<string, string> { ["streamType"] = "error" }, true);
        var stdout = await spdy.OpenStreamAsync(new Dictionary<string, string> { ["streamType"] = "stdout" }, true);
        var output = Encoding.UTF8.GetString(await spdy.ReadToEndAsync(stdout, Token));
        var statusText = Encoding.UTF8.GetString(await spdy.ReadToEndAsync(error, Token));

        Assert.AreEqual(expected, output);
        var status = JsonNode.Parse(statusText)!;
        Assert.AreEqual(outcome, (status["reason"] ?? status["status"])!.GetValue<string>(), statusText);
        if (outcome == "NonZeroExitCode")
        {
            Assert.AreEqual("3", status["details"]!["causes"]![0]!["message"]!.GetValue<string>());
        }
    }

    // ClientWebSocket refuses the tunnel's subprotocol (it has a '/'), so the handshake is written by hand.
    private async Task<(WebSocket Socket, string? Protocol)> ConnectTunnelAsync(string path)
    {
        var tcp = new TcpClient();
        await tcp.ConnectAsync(BaseAddress.Host, BaseAddress.Port, Token);
        var stream = tcp.GetStream();
        var key = Convert.ToBase64String(Guid.NewGuid().ToByteArray());
        var request = $"GET {path} HTTP/1.1\r\nHost: {BaseAddress.Authority}\r\nConnection: Upgrade\r\n" +
            $"Upgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: {key}\r\n" +
            $"Sec-WebSocket-Protocol: {WebSocketTunnelRelay.PortForwardProtocol}\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request), Token);
        var head = new StringBuilder();
        var one = new byte[1];
        while (!head.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal))
        {
            await stream.ReadExactlyAsync(one, Token);
            head.Append((char)one[0]);
        }

        StringAssert.StartsWith(head.ToString(), "HTTP/1.1 101");
        var protocol = head.ToString().Split("\r\n")
            .FirstOrDefault(line => line.StartsWith("Sec-WebSocket-Protocol:", StringComparison.OrdinalIgnoreCase))
            ?["Sec-WebSocket-Protocol:".Length..].Trim();
        return (WebSocket.CreateFromStream(stream, isServer: false, null, TimeSpan.FromSeconds(30)), protocol);
    }

    private async Task<string> GetThroughPortForwardAsync(TestSpdyClient spdy)
    {
        var headers = new Dictionary<string, string> { ["port"] = "8080", ["requestID"] = "0" };
        await spdy.OpenStreamAsync(new Dictionary<string, string>(headers) { ["streamType"] = "error" }, true);
        var data = await spdy.OpenStreamAsync(
            new Dictionary<string, string>(headers) { ["streamType"] = "data" }, false);
        await spdy.SendAsync(data, "GET /index.html HTTP/1.0\r\nHost: pod\r\n\r\n"u8.ToArray(), finish: false);
        return await spdy.ReadUntilAsync(data, "hello from httpd", Token);
    }

    private async Task<(string Stdout, JsonNode Status, string? Protocol)> ExecAsync(
        string protocol, params string[] command)
    {
        using var socket = new ClientWebSocket();
        socket.Options.AddSubProtocol(protocol);
        var query = string.Join('&', command.Select(part => "command=" + Uri.EscapeDataString(part)));
        var url = new Uri($"ws://{BaseAddress.Authority}/exec/{Namespace}/{Pod}/counter?{query}&stdout=1&stderr=1");
        await socket.ConnectAsync(url, Token);

        var stdout = new StringBuilder();
        JsonNode? status = null;
        var buffer = new byte[64 * 1024];
        while (true)
        {
            var result = await socket.ReceiveAsync(buffer, Token);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                break;
            }

            if (result.Count <= 1)
            {
                continue;
            }

            var payload = Encoding.UTF8.GetString(buffer, 1, result.Count - 1);
            switch (buffer[0])
            {
                case 1:
                    stdout.Append(payload);
                    break;
                case 3:
                    status = JsonNode.Parse(payload);
                    break;
            }
        }

        return (stdout.ToString(), status ?? throw new AssertFailedException("no Status on the error channel"),
            socket.SubProtocol);
    }

    private async Task<int> WaitForLogLineAsync(int count) =>
        await Eventually.SucceedsAsync($"{count} log lines of {Namespace}/{Pod}/counter", WaitTimeout, async () =>
        {
            var text = await Http.GetStringAsync($"/containerLogs/{Namespace}/{Pod}/counter", Token);
            var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            return lines.Length >= count ? Number(lines[^1]) : throw new InvalidOperationException(text);
        });

    private static int Number(string line) =>
        int.Parse(line["line ".Length..], System.Globalization.CultureInfo.InvariantCulture);

    private static async Task StartPodAsync(ContainerRuntimeClient runtime, string logRoot)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        var sandbox = TestPods.Sandbox(Pod, logRoot);
        sandbox.Labels[ContainerLocator.PodNamespaceLabel] = Namespace;
        sandbox.Labels[ContainerLocator.PodNameLabel] = Pod;
        s_sandbox = await runtime.RunPodSandboxAsync(sandbox, timeout.Token);

        var counter = TestPods.Container("counter", "sh", "-c",
            "mkdir -p /www && echo 'hello from httpd' > /www/index.html && httpd -p 8080 -h /www && " +
            "i=0; while true; do echo \"line $i\"; i=$((i+1)); sleep 0.2; done");
        counter.Labels[ContainerLocator.PodNamespaceLabel] = Namespace;
        counter.Labels[ContainerLocator.PodNameLabel] = Pod;
        counter.Labels[ContainerLocator.ContainerNameLabel] = "counter";
        var id = await runtime.CreateContainerAsync(s_sandbox, counter, sandbox, timeout.Token);
        await runtime.StartContainerAsync(id, timeout.Token);
    }
}
