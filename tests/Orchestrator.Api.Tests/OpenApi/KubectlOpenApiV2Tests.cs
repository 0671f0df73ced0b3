using System.Diagnostics;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orchestrator.Api.Discovery;
using Orchestrator.Api.Endpoints;
using Orchestrator.Api.OpenApi;
using Orchestrator.Api.Resources;
using Orchestrator.Api.Schema;
using Orchestrator.Testing;
using Wire = Orchestrator.Api.OpenApi.Wire;

namespace Orchestrator.Api.Tests.OpenApi;

/// <summary>
/// Runs the real kubectl 1.27 against an in-process server with the product's OpenAPI endpoints and discovery. It
/// reads OpenAPI v2 (as gnostic protobuf) for every apply and for <c>explain --output=plaintext-openapiv2</c>. A
/// second port answers 404 to OpenAPI v3, as a server without it would, so apply must learn from v2 alone that the
/// server validates fields. A third port also hides <c>fieldValidation</c> from v2, so kubectl validates manifests
/// itself against the served definitions. kubectl 1.32 runs against the first port to show it never asks for v2.
/// </summary>
[TestClass]
public sealed class KubectlOpenApiV2Tests
{
    private const string KubectlPrefix = "/usr/lib/google-cloud-sdk/bin/kubectl.";
    private const string Kubectl127 = KubectlPrefix + "1.27";
    private const string Kubectl132 = KubectlPrefix + "1.32";
    private const string V2Explain = "--output=plaintext-openapiv2";

    private static readonly List<string> Requests = [];
    private static readonly List<string> CreateQueries = [];

    private static WebApplication? _server;
    private static string _directory = "";
    private static string _address = "";
    private static string _v2OnlyAddress = "";
    private static string _clientValidationAddress = "";

    [ClassInitialize]
    public static async Task StartServerAsync(TestContext context)
    {
        var port = FreePorts.Next();
        var v2OnlyPort = FreePorts.Next();
        var clientValidationPort = FreePorts.Next();
        _address = $"http://127.0.0.1:{port}";
        _v2OnlyAddress = $"http://127.0.0.1:{v2OnlyPort}";
        _clientValidationAddress = $"http://127.0.0.1:{clientValidationPort}";
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls(_address, _v2OnlyAddress, _clientValidationAddress);
        builder.Services.AddSingleton(ResourceCatalog.Default);
        builder.Services.AddSingleton<ISchemaCatalog>(ModelSchemaCatalog.Default);
        builder.Services.AddSingleton<DiscoveryDocuments>();
        builder.Services.AddSingleton<OpenApiDocuments>();
        builder.Services.AddSingleton<OpenApiV2Document>();
        var app = builder.Build();
        app.Use(async (http, next) =>
        {
            lock (Requests)
            {
                Requests.Add($"{http.Request.Method} {http.Request.Path} {http.Request.Headers.Accept}");
            }

            var localPort = http.Connection.LocalPort;
            if (localPort != port && http.Request.Path.StartsWithSegments("/openapi/v3"))
            {
                http.Response.StatusCode = 404;
                return;
            }

            if (localPort == clientValidationPort && http.Request.Path.StartsWithSegments("/openapi/v2"))
            {
                var document = http.RequestServices.GetRequiredService<OpenApiV2Document>();
                http.Response.ContentType = OpenApiV2Document.ProtobufContentType;
                await http.Response.Body.WriteAsync(WithoutFieldValidation(document.Protobuf));
                return;
            }

            await next(http);
        });
        app.MapOpenApiDocuments();
        app.MapGet("/api", (HttpRequest request, DiscoveryDocuments found) => Discovery(request, found, core: true));
        app.MapGet("/apis", (HttpRequest request, DiscoveryDocuments found) => Discovery(request, found, core: false));
        app.MapGet("/apis/apps/v1/namespaces/{ns}/deployments/{name}", (string name) => Results.Json(
            Orchestrator.Api.Server.ApiErrors.NotFound("apps", "deployments", name).ToStatus(), statusCode: 404));
        app.MapPost("/apis/apps/v1/namespaces/{ns}/deployments", async (HttpRequest request) =>
        {
            var body = await JsonNode.ParseAsync(request.Body);
            var name = (string?)body?["metadata"]?["name"];
            lock (CreateQueries)
            {
                CreateQueries.Add($"{request.Scheme}://{request.Host}/{name}{request.QueryString}");
            }

            return Results.Json(body, statusCode: 201);
        });
        await app.StartAsync(context.CancellationToken);
        _server = app;

        _directory = Directory.CreateTempSubdirectory("kubectl-openapi-v2-").FullName;
        await File.WriteAllTextAsync(Path.Combine(_directory, "kubeconfig"), $"""
            apiVersion: v1
            kind: Config
            clusters:
            - name: test
              cluster:
                server: {_address}
            users:
            - name: test
              user: {"{}"}
            contexts:
            - name: test
              context: {"{"}cluster: test, user: test{"}"}
            current-context: test
            """, context.CancellationToken);
    }

    [ClassCleanup]
    public static async Task StopServerAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        if (_directory.Length > 0)
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    [TestMethod]
    [TestCategory("Integration")]
    [DataRow("deployment.spec.replicas", "KIND:     Deployment", "FIELD:    replicas <integer>")]
    [DataRow("deployment.spec.template.spec.containers.image", "KIND:     Deployment", "FIELD:    image <string>")]
    [DataRow("pods.spec.containers", "KIND:     Pod", "RESOURCE: containers <[]Object>")]
    [DataRow("svc.spec.ports.targetPort", "KIND:     Service", "FIELD:    targetPort <string>")]
    [DataRow("pods.spec.containers.resources.limits", "KIND:     Pod", "FIELD:    limits <map[string]string>")]
    [DataRow("lease.spec", "KIND:     Lease", "RESOURCE: spec <Object>")]
    [DataRow("events.series --api-version=events.k8s.io/v1", "VERSION:  events.k8s.io/v1", "RESOURCE: series <Object>")]
    public async Task Explain_Field_PrintsFieldFromOpenApiV2(string field, string kindLine, string fieldLine)
    {
        var (exitCode, output) = await RunKubectlAsync(
            Kubectl127, ["explain", .. field.Split(' '), V2Explain, "--server", _v2OnlyAddress]);

        Assert.AreEqual(0, exitCode, output);
        StringAssert.Contains(output, kindLine, output);
        StringAssert.Contains(output, fieldLine, output);
    }

    [TestMethod]
    [TestCategory("Integration")]
    public async Task Explain_Replicas_FetchesProtobufV2AndPrintsDescription()
    {
        var (exitCode, output) = await RunKubectlAsync(Kubectl127, "explain", "deployment.spec.replicas", V2Explain);

        Assert.AreEqual(0, exitCode, output);
        StringAssert.Contains(output, "Number of desired pods", output);
        lock (Requests)
        {
            Assert.IsTrue(Requests.Any(r => r.StartsWith("GET /openapi/v2 ", StringComparison.Ordinal)
                && r.Contains(OpenApiV2Document.ProtobufAcceptType)), string.Join("\n", Requests));
        }
    }

    [TestMethod]
    [TestCategory("Integration")]
    public async Task Explain_UnknownField_FailsWithKubectlMessage()
    {
        var (exitCode, output) = await RunKubectlAsync(Kubectl127, "explain", "deployment.spec.nope", V2Explain);

        Assert.AreNotEqual(0, exitCode, output);
        StringAssert.Contains(output, "nope", output);
    }

    [TestMethod]
    [TestCategory("Integration")]
    [DataRow("1.27", false)]
    [DataRow("1.27", true)]
    [DataRow("1.28", true)]
    [DataRow("1.29", true)]
    public async Task Apply_UnknownField_LeavesValidationToServer(string version, bool withoutV3)
    {
        // kubectl always asks for Strict; only when the OpenAPI lists fieldValidation on the kind's PATCH does it
        // skip its own schema check, which would reject the unknown field before any POST.
        var name = $"web-{version.Replace('.', '-')}-{(withoutV3 ? "v2" : "v3")}";
        var manifest = Path.Combine(_directory, name + ".yaml");
        await File.WriteAllTextAsync(manifest, $$$"""
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: {{{name}}}, namespace: default}
            spec:
              replicas: 2
              selector: {matchLabels: {app: web}}
              template:
                metadata: {labels: {app: web}}
                spec: {containers: [{name: app, image: nginx, ports: [{containerPort: 80}], bogus: 1}]}
            """);

        var server = withoutV3 ? _v2OnlyAddress : _address;
        var (exitCode, output) = await RunKubectlAsync(
            KubectlPrefix + version, "apply", "-f", manifest, "--server", server);

        Assert.AreEqual(0, exitCode, output);
        StringAssert.Contains(output, $"deployment.apps/{name} created", output);
        lock (CreateQueries)
        {
            Assert.IsTrue(CreateQueries.Contains($"{server}/{name}?fieldManager=kubectl-client-side-apply"
                + "&fieldValidation=Strict"), string.Join(" ", CreateQueries));
        }
    }

    [TestMethod]
    [TestCategory("Integration")]
    [DataRow("containers: [{name: app, image: nginx, bogus: 1}]", "unknown field \"bogus\" in io.k8s.api.core.v1")]
    [DataRow("containers: [{name: app, image: nginx, ports: [{containerPort: x}]}]", "containerPort")]
    [DataRow("containers: [{image: nginx}]", "missing required field \"name\" in io.k8s.api.core.v1.Container")]
    public async Task Apply_WithoutServerValidation_KubectlValidatesAgainstDefinitions(string spec, string error)
    {
        var manifest = Path.Combine(_directory, $"invalid-{Guid.NewGuid():N}.yaml");
        await File.WriteAllTextAsync(manifest, $$$"""
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: invalid, namespace: default}
            spec:
              selector: {matchLabels: {app: web}}
              template:
                metadata: {labels: {app: web}}
                spec: {{{{spec}}}}
            """);

        var (exitCode, output) = await RunKubectlAsync(
            Kubectl127, "apply", "-f", manifest, "--server", _clientValidationAddress);

        Assert.AreNotEqual(0, exitCode, output);
        StringAssert.Contains(output, "error validating data", output);
        StringAssert.Contains(output, error, output);
    }

    [TestMethod]
    [TestCategory("Integration")]
    public async Task Apply_WithoutServerValidation_ValidManifestPasses()
    {
        var manifest = Path.Combine(_directory, "valid-client-side.yaml");
        await File.WriteAllTextAsync(manifest, """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: valid-client-side, namespace: default, labels: {app: web}}
            spec:
              replicas: 1
              strategy: {type: RollingUpdate, rollingUpdate: {maxSurge: 25%, maxUnavailable: 0}}
              selector: {matchLabels: {app: web}}
              template:
                metadata: {labels: {app: web}}
                spec:
                  containers:
                  - name: app
                    image: nginx
                    env: [{name: A, value: "1"}]
                    ports: [{containerPort: 80, name: http}]
                    resources: {limits: {cpu: 500m, memory: 128Mi}, requests: {cpu: 1}}
            """);

        var (exitCode, output) = await RunKubectlAsync(
            Kubectl127, "apply", "-f", manifest, "--server", _clientValidationAddress);

        Assert.AreEqual(0, exitCode, output);
        StringAssert.Contains(output, "deployment.apps/valid-client-side created", output);
    }

    [TestMethod]
    [TestCategory("Integration")]
    public async Task Explain_Kubectl132_NeverAsksForV2()
    {
        lock (Requests)
        {
            Requests.Clear();
        }

        var (exitCode, output) = await RunKubectlAsync(Kubectl132, "explain", "deployment.spec.replicas");

        Assert.AreEqual(0, exitCode, output);
        lock (Requests)
        {
            Assert.IsTrue(Requests.Any(r => r.StartsWith("GET /openapi/v3/apis/apps/v1", StringComparison.Ordinal)),
                string.Join("\n", Requests));
            Assert.IsFalse(Requests.Any(r => r.StartsWith("GET /openapi/v2", StringComparison.Ordinal)),
                string.Join("\n", Requests));
        }
    }

    [TestMethod]
    [TestCategory("Integration")]
    [DataRow(OpenApiV2Document.ProtobufAcceptType, OpenApiV2Document.ProtobufContentType)]
    [DataRow(OpenApiV2Document.ProtobufContentType, OpenApiV2Document.ProtobufContentType)]
    [DataRow("application/json", "application/json")]
    [DataRow("", "application/json")]
    public async Task GetOpenApiV2_Accept_ChoosesEncodingAndAnswers304ToItsETag(string accept, string contentType)
    {
        using var client = new HttpClient { BaseAddress = new Uri(_address) };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/openapi/v2?timeout=32s");
        if (accept.Length > 0)
        {
            request.Headers.TryAddWithoutValidation("Accept", accept);
        }

        using var response = await client.SendAsync(request);
        using var again = new HttpRequestMessage(HttpMethod.Get, "/openapi/v2");
        if (accept.Length > 0)
        {
            again.Headers.TryAddWithoutValidation("Accept", accept);
        }

        again.Headers.TryAddWithoutValidation("If-None-Match", response.Headers.ETag!.Tag);
        using var cached = await client.SendAsync(again);

        Assert.AreEqual(200, (int)response.StatusCode);
        Assert.AreEqual(contentType, response.Content.Headers.ContentType!.MediaType);
        Assert.IsGreaterThan(1000, (await response.Content.ReadAsByteArrayAsync()).Length);
        Assert.AreEqual(304, (int)cached.StatusCode);
    }

    private static byte[] WithoutFieldValidation(byte[] protobuf)
    {
        var document = Wire.Document.Parser.ParseFrom(protobuf);
        foreach (var item in document.Paths.Path.Select(p => p.Value))
        {
            foreach (var operation in new[] { item.Get, item.Put, item.Post, item.Delete, item.Patch })
            {
                var parameters = operation?.Parameters.Where(p =>
                    p.Parameter?.NonBodyParameter?.QueryParameterSubSchema?.Name != "fieldValidation").ToList();
                operation?.Parameters.Clear();
                operation?.Parameters.AddRange(parameters);
            }
        }

        return Google.Protobuf.MessageExtensions.ToByteArray(document);
    }

    private static IResult Discovery(HttpRequest request, DiscoveryDocuments discovery, bool core)
    {
        if (DiscoveryDocuments.AggregatedVersionWanted(request.Headers.Accept.ToString()) is { } version)
        {
            return Results.Text(discovery.Aggregated(core, version).ToJsonString(),
                DiscoveryDocuments.AggregatedContentTypeOf(version));
        }

        return Results.NotFound();
    }

    private static async Task<(int ExitCode, string Output)> RunKubectlAsync(string kubectl, params string[] arguments)
    {
        var start = new ProcessStartInfo(kubectl)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment = { ["KUBECONFIG"] = Path.Combine(_directory, "kubeconfig"), ["HOME"] = _directory },
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.ArgumentList.Add("--cache-dir=" + Path.Combine(_directory, "cache-" + Guid.NewGuid().ToString("N")));
        using var process = Process.Start(start)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout + await stderr);
    }
}
