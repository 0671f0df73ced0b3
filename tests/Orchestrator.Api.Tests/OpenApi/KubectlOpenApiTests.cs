using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Orchestrator.Api.Discovery;
using Orchestrator.Api.OpenApi;
using Orchestrator.Api.Resources;
using Orchestrator.Api.Schema;
using Orchestrator.Testing;

namespace Orchestrator.Api.Tests.OpenApi;

/// <summary>
/// Runs the real kubectl 1.32 against an in-process server that serves only discovery and the OpenAPI documents,
/// and checks that <c>kubectl explain</c> finds fields through them and <c>apply</c> leaves validation to the server.
/// </summary>
[TestClass]
public sealed class KubectlOpenApiTests
{
    private const string Kubectl = "/usr/lib/google-cloud-sdk/bin/kubectl.1.32";

    private static readonly List<string> CreateQueries = [];

    private static WebApplication? _server;
    private static string _directory = "";

    [ClassInitialize]
    public static async Task StartServerAsync(TestContext context)
    {
        var port = FreePorts.Next();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        var app = builder.Build();
        var documents = new OpenApiDocuments(ResourceCatalog.Default, ModelSchemaCatalog.Default);
        app.MapGet("/api", () => Discovery(core: true));
        app.MapGet("/apis", () => Discovery(core: false));
        app.MapGet("/openapi/v3", () => Results.Json(documents.Root()));
        app.MapGet("/openapi/v3/{**path}", (string path) => documents.ForGroupVersion(path) is { } document
            ? Results.Bytes(document.Json, "application/json")
            : Results.NotFound());
        app.MapGet("/apis/apps/v1/namespaces/{ns}/deployments/{name}", (string name) => Results.Json(
            Orchestrator.Api.Server.ApiErrors.NotFound("apps", "deployments", name).ToStatus(), statusCode: 404));
        app.MapPost("/apis/apps/v1/namespaces/{ns}/deployments", async (HttpRequest request) =>
        {
            lock (CreateQueries)
            {
                CreateQueries.Add(request.QueryString.Value ?? "");
            }

            var body = await System.Text.Json.Nodes.JsonNode.ParseAsync(request.Body);
            return Results.Json(body, statusCode: 201);
        });
        await app.StartAsync(context.CancellationToken);
        _server = app;

        _directory = Directory.CreateTempSubdirectory("kubectl-explain-").FullName;
        await File.WriteAllTextAsync(Path.Combine(_directory, "kubeconfig"), $"""
            apiVersion: v1
            kind: Config
            clusters:
            - name: test
              cluster:
                server: http://127.0.0.1:{port}
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
    [DataRow("deployment.spec.replicas", "KIND:       Deployment", "FIELD: replicas <integer>")]
    [DataRow("deployment.spec.template.spec.containers.image", "KIND:       Deployment", "FIELD: image <string>")]
    [DataRow("pods.spec.containers", "KIND:       Pod", "FIELD: containers <[]Container>")]
    [DataRow("svc.spec.ports.targetPort", "KIND:       Service", "FIELD: targetPort <IntOrString>")]
    [DataRow("pods.spec.containers.resources.limits", "KIND:       Pod", "FIELD: limits <map[string]Quantity>")]
    [DataRow("lease.spec", "KIND:       Lease", "FIELD: spec <LeaseSpec>")]
    public async Task Explain_Field_PrintsFieldFromOpenApi(string field, string kindLine, string fieldLine)
    {
        var (exitCode, output) = await RunKubectlAsync("explain", field);

        Assert.AreEqual(0, exitCode, output);
        StringAssert.Contains(output, kindLine, output);
        StringAssert.Contains(output, fieldLine, output);
    }

    [TestMethod]
    [TestCategory("Integration")]
    public async Task Explain_Replicas_PrintsDescriptionFromModelDocumentation()
    {
        var (exitCode, output) = await RunKubectlAsync("explain", "deployment.spec.replicas");

        Assert.AreEqual(0, exitCode, output);
        StringAssert.Contains(output, "Number of desired pods", output);
    }

    [TestMethod]
    [TestCategory("Integration")]
    public async Task Explain_UnknownField_FailsWithKubectlMessage()
    {
        var (exitCode, output) = await RunKubectlAsync("explain", "deployment.spec.nope");

        Assert.AreNotEqual(0, exitCode, output);
        StringAssert.Contains(output, "nope", output);
    }

    [TestMethod]
    [TestCategory("Integration")]
    public async Task Apply_StrictValidation_TrustsServerFieldValidation()
    {
        var manifest = Path.Combine(_directory, "deployment.yaml");
        await File.WriteAllTextAsync(manifest, """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: web, namespace: default}
            spec:
              selector: {matchLabels: {app: web}}
              template:
                metadata: {labels: {app: web}}
                spec: {containers: [{name: app, image: nginx}]}
            """);

        var (exitCode, output) = await RunKubectlAsync("apply", "-f", manifest);

        Assert.AreEqual(0, exitCode, output);
        StringAssert.Contains(output, "deployment.apps/web created", output);
        lock (CreateQueries)
        {
            Assert.IsTrue(
                CreateQueries.Any(q => q.Contains("fieldValidation=Strict")), string.Join(" ", CreateQueries));
        }
    }

    private static IResult Discovery(bool core) => Results.Text(
        new DiscoveryDocuments(ResourceCatalog.Default).Aggregated(core).ToJsonString(),
        DiscoveryDocuments.AggregatedContentType);

    private static async Task<(int ExitCode, string Output)> RunKubectlAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo(Kubectl)
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
