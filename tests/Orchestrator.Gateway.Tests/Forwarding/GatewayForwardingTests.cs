using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;
using Orchestrator.Gateway.Tests.Hosting;

namespace Orchestrator.Gateway.Tests.Forwarding;

[TestClass]
public sealed class GatewayForwardingTests
{
    private const string UnauthorizedBody =
        """{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"Unauthorized",""" +
        "\"reason\":\"Unauthorized\",\"code\":401}";

    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    private static string dataDirectory = "";
    private static TestControlPlane controlPlane = null!;
    private static RunningGateway gateway = null!;

    [ClassInitialize]
    public static async Task StartAsync(TestContext context)
    {
        dataDirectory = Directory.CreateTempSubdirectory("gateway-tests-").FullName;
        controlPlane = await TestControlPlane.StartAsync(dataDirectory);
        gateway = await RunningGateway.StartAsync(dataDirectory, controlPlane.Address);
    }

    [ClassCleanup]
    public static async Task StopAsync()
    {
        await gateway.DisposeAsync();
        await controlPlane.DisposeAsync();
        Directory.Delete(dataDirectory, recursive: true);
    }

    [TestMethod]
    [TestCategory("Integration")]
    [DataRow("/api/v1/whoami", null, DisplayName = "no token")]
    [DataRow("/api/v1/whoami", "Bearer not-the-token", DisplayName = "wrong token")]
    [DataRow("/api/v1/whoami", "Basic YWRtaW46YWRtaW4=", DisplayName = "basic credentials")]
    [DataRow("/apis", null, DisplayName = "discovery without a token")]
    [DataRow("/healthz", "Bearer not-the-token", DisplayName = "health with a wrong token")]
    public async Task Request_WithoutValidCredentials_Gets401Status(string path, string? authorization)
    {
        using var client = gateway.Client(token: null);
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }

        using var response = await client.SendAsync(request);

        Assert.AreEqual(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.AreEqual("application/json", response.Content.Headers.ContentType?.ToString());
        Assert.AreEqual(UnauthorizedBody, await response.Content.ReadAsStringAsync());
    }

    [TestMethod]
    [TestCategory("Integration")]
    [DataRow("/healthz")]
    [DataRow("/readyz")]
    public async Task HealthPath_WithoutToken_IsForwarded(string path)
    {
        using var client = gateway.Client(token: null);

        var body = await client.GetStringAsync(path);

        Assert.AreEqual("ok", body);
    }

    [TestMethod]
    [TestCategory("Integration")]
    [DataRow("1.1")]
    [DataRow("2.0")]
    public async Task Request_WithAdminTokenAndForgedHeaders_ReachesControlPlaneAsAdmin(string version)
    {
        using var client = gateway.Client(gateway.AdminToken, Version.Parse(version));
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/whoami")
        {
            Version = Version.Parse(version),
        };
        request.Headers.TryAddWithoutValidation("X-Remote-User", "mallory");
        request.Headers.TryAddWithoutValidation("X-Remote-Group", "evil");
        request.Headers.TryAddWithoutValidation("X-Remote-Extra-Scopes", "all");
        request.Headers.TryAddWithoutValidation("X-Remote-Identity-Signature", "forged");

        using var response = await client.SendAsync(request);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        Assert.AreEqual(HttpStatusCode.OK, response.StatusCode, body.ToJsonString());
        Assert.AreEqual(Version.Parse(version), response.Version);
        Assert.AreEqual("admin", (string?)body["user"]);
        CollectionAssert.AreEqual(
            new[] { "system:masters", "system:authenticated" },
            body["groups"]!.AsArray().Select(group => (string?)group).ToArray());
        Assert.AreEqual("", (string?)body["authorization"], "the client's token must not reach the control plane");
    }

    [TestMethod]
    [TestCategory("Integration")]
    public async Task ControlPlane_ReachedDirectlyWithForgedHeaders_Gets401Status()
    {
        using var client = new HttpClient { BaseAddress = controlPlane.Address };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/whoami");
        request.Headers.TryAddWithoutValidation("X-Remote-User", "admin");
        request.Headers.TryAddWithoutValidation("X-Remote-Group", "system:masters");
        request.Headers.TryAddWithoutValidation("X-Remote-Identity-Timestamp", "1700000000");
        request.Headers.TryAddWithoutValidation("X-Remote-Identity-Signature", "AAAA");

        using var response = await client.SendAsync(request);

        Assert.AreEqual(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.AreEqual(UnauthorizedBody, await response.Content.ReadAsStringAsync());
    }

    [TestMethod]
    [TestCategory("Integration")]
    [DataRow("1.1")]
    [DataRow("2.0")]
    public async Task Stream_ChunkHeldBack_FirstChunkArrivesAlone(string version)
    {
        using var client = gateway.Client(gateway.AdminToken, Version.Parse(version));
        using var timeout = new CancellationTokenSource(Patience);

        using var response = await client.GetAsync(
            "/api/v1/stream", HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(timeout.Token));
        var first = await reader.ReadLineAsync(timeout.Token);
        controlPlane.SecondChunk.Release();
        var second = await reader.ReadLineAsync(timeout.Token);

        Assert.AreEqual(Version.Parse(version), response.Version);
        Assert.AreEqual(
            "application/json;stream=watch", response.Content.Headers.NonValidated["Content-Type"].ToString());
        Assert.AreEqual("{\"type\":\"ADDED\"}", first, "the first event must arrive while the second is held back");
        Assert.AreEqual("{\"type\":\"MODIFIED\"}", second);
    }

    [TestMethod]
    [TestCategory("Integration")]
    public async Task WebSocket_ThroughGateway_EchoesMessages()
    {
        using var socket = new ClientWebSocket();
        socket.Options.RemoteCertificateValidationCallback = gateway.TrustsAuthority;
        socket.Options.SetRequestHeader("Authorization", $"Bearer {gateway.AdminToken}");
        socket.Options.AddSubProtocol("v5.channel.k8s.io");
        using var timeout = new CancellationTokenSource(Patience);
        var uri = new Uri($"wss://127.0.0.1:{gateway.Options.Port}/api/v1/websocket");

        await socket.ConnectAsync(uri, timeout.Token);
        await socket.SendAsync("\u0001hello"u8.ToArray(), WebSocketMessageType.Binary, true, timeout.Token);
        var buffer = new byte[64];
        var received = await socket.ReceiveAsync(buffer, timeout.Token);
        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", timeout.Token);

        Assert.AreEqual("v5.channel.k8s.io", socket.SubProtocol);
        Assert.AreEqual("\u0001hello", Encoding.UTF8.GetString(buffer, 0, received.Count));
    }

    [TestMethod]
    [TestCategory("Integration")]
    public async Task SpdyUpgrade_AnsweredWith101_PassesRawBytesBothWays()
    {
        using var timeout = new CancellationTokenSource(Patience);
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, gateway.Options.Port, timeout.Token);
        await using var tls = new SslStream(tcp.GetStream(), false, gateway.TrustsAuthority);
        await tls.AuthenticateAsClientAsync(
            new SslClientAuthenticationOptions
            {
                TargetHost = "127.0.0.1",
                ApplicationProtocols = [SslApplicationProtocol.Http11],
            },
            timeout.Token);

        var head = "POST /api/v1/spdy HTTP/1.1\r\nHost: 127.0.0.1\r\n" +
            $"Authorization: Bearer {gateway.AdminToken}\r\nConnection: Upgrade\r\nUpgrade: SPDY/3.1\r\n" +
            "X-Stream-Protocol-Version: v4.channel.k8s.io\r\nX-Stream-Protocol-Version: channel.k8s.io\r\n" +
            "Content-Length: 0\r\n\r\n";
        await tls.WriteAsync(Encoding.ASCII.GetBytes(head), timeout.Token);
        var response = await ReadHeadAsync(tls, timeout.Token);
        byte[] frame = [0x80, 0x03, 0x00, 0x01, 0x00, 0x00, 0x00, 0x0a, 0xff, 0x00];
        await tls.WriteAsync(frame, timeout.Token);
        var echoed = new byte[frame.Length];
        await tls.ReadExactlyAsync(echoed, timeout.Token);

        StringAssert.StartsWith(response, "HTTP/1.1 101", response);
        StringAssert.Contains(response.ToLowerInvariant(), "upgrade: spdy/3.1", response);
        StringAssert.Contains(response, "v4.channel.k8s.io", response);
        CollectionAssert.AreEqual(frame, echoed);
    }

    private static async Task<string> ReadHeadAsync(Stream stream, CancellationToken cancellationToken)
    {
        var head = new StringBuilder();
        var one = new byte[1];
        while (!head.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal))
        {
            await stream.ReadExactlyAsync(one, cancellationToken);
            head.Append((char)one[0]);
        }

        return head.ToString();
    }
}
