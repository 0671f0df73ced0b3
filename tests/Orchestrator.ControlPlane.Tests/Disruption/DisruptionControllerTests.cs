using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orchestrator.Api.Policy;
using Orchestrator.Api.Server;
using Orchestrator.ControlPlane.Disruption;
using Orchestrator.Store;
using Orchestrator.Store.Objects;
using Orchestrator.Testing;

namespace Orchestrator.ControlPlane.Tests.Disruption;

/// <summary>
/// The disruption controller and the eviction guard on a fresh region database: a Deployment's ReplicaSet and its
/// Ready pods written straight into the store, a budget over them, and evictions racing for one allowance.
/// </summary>
[TestClass]
[TestCategory("Integration")]
public sealed class DisruptionControllerTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    private static TestDatabase s_database = null!;
    private static IHost s_host = null!;

    private static IObjectStore Store => s_host.Services.GetRequiredService<IObjectStore>();

    [ClassInitialize]
    public static async Task StartAsync(TestContext context)
    {
        s_database = await TestDatabase.CreateAsync();
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddObjectStore(s_database.ConnectionString);
        builder.Services.AddDisruptionController();
        s_host = builder.Build();
        await s_host.StartAsync(context.CancellationToken);
    }

    [ClassCleanup]
    public static async Task StopAsync()
    {
        await s_host.StopAsync();
        s_host.Dispose();
        await s_database.DisposeAsync();
    }

    [TestMethod]
    [Timeout(60_000)]
    public async Task Budget_DeploymentOfFour_StatusCountedAndConcurrentEvictionsTakeOneAllowance()
    {
        const string ns = "race";
        await CreateWebAsync(ns, replicas: 4);
        await Store.CreateAsync(Key("policy/poddisruptionbudgets", ns, "web"), Budget(ns, """{"maxUnavailable":1}"""),
            CancellationToken.None);

        var status = await StatusWhenAsync(ns, s => s["disruptionsAllowed"]?.GetValue<int>() == 1);
        Assert.AreEqual(4, status["expectedPods"]!.GetValue<int>());
        Assert.AreEqual(4, status["currentHealthy"]!.GetValue<int>());
        Assert.AreEqual(3, status["desiredHealthy"]!.GetValue<int>());
        Assert.AreEqual(1, status["observedGeneration"]!.GetValue<long>());
        Assert.AreEqual("SufficientPods", status["conditions"]![0]!["reason"]!.GetValue<string>());

        var guard = new EvictionGuard(Store, TimeProvider.System);
        var pods = new List<JsonObject>();
        for (var index = 0; index < 4; index++)
        {
            pods.Add((await Store.GetAsync(Key("pods", ns, $"web-{index}"), CancellationToken.None))!.Object);
        }

        var attempts = pods.Select(pod => Task.Run(() => guard.AdmitAsync(pod, false, CancellationToken.None)));
        var outcomes = await Task.WhenAll(attempts.Select(async attempt =>
        {
            try
            {
                await attempt;
                return "admitted";
            }
            catch (ApiException error)
            {
                return $"{error.Code} {error.Details?.Causes?[0].Message}";
            }
        }));

        Assert.AreEqual(1, outcomes.Count(o => o == "admitted"), string.Join("\n", outcomes));
        Assert.AreEqual(3, outcomes.Count(o => o.StartsWith("429", StringComparison.Ordinal)),
            string.Join("\n", outcomes));
        status = await StatusWhenAsync(ns, s => s["disruptionsAllowed"]?.GetValue<int>() == 0 &&
            s["currentHealthy"]?.GetValue<int>() == 3);
        Assert.AreEqual(1, status["disruptedPods"]!.AsObject().Count);
        Assert.AreEqual("InsufficientPods", status["conditions"]![0]!["reason"]!.GetValue<string>());
    }

    [TestMethod]
    [Timeout(60_000)]
    public async Task Budget_DeploymentScaledUp_ExpectsTheDeploymentScale()
    {
        const string ns = "scale";
        await CreateWebAsync(ns, replicas: 2);
        await Store.CreateAsync(Key("policy/poddisruptionbudgets", ns, "web"), Budget(ns, """{"minAvailable":"50%"}"""),
            CancellationToken.None);
        await StatusWhenAsync(ns, s => s["expectedPods"]?.GetValue<int>() == 2 &&
            s["disruptionsAllowed"]?.GetValue<int>() == 1);

        await Store.GuaranteedUpdateAsync(Key("apps/deployments", ns, "web"), current =>
        {
            var deployment = current.ToJsonObject();
            deployment["spec"]!["replicas"] = 6;
            return deployment;
        }, CancellationToken.None);

        var status = await StatusWhenAsync(ns, s => s["expectedPods"]?.GetValue<int>() == 6);
        Assert.AreEqual(3, status["desiredHealthy"]!.GetValue<int>());
        Assert.AreEqual(0, status["disruptionsAllowed"]!.GetValue<int>(), "2 healthy pods of 6 wanted");
    }

    // A Deployment, its ReplicaSet and `replicas` Running, Ready pods controlled by the ReplicaSet.
    private static async Task CreateWebAsync(string ns, int replicas)
    {
        var deployment = await Store.CreateAsync(Key("apps/deployments", ns, "web"), new JsonObject
        {
            ["apiVersion"] = "apps/v1",
            ["kind"] = "Deployment",
            ["metadata"] = new JsonObject { ["name"] = "web", ["namespace"] = ns },
            ["spec"] = new JsonObject { ["replicas"] = replicas },
        }, CancellationToken.None);
        var replicaSet = await Store.CreateAsync(Key("apps/replicasets", ns, "web-1"), new JsonObject
        {
            ["apiVersion"] = "apps/v1",
            ["kind"] = "ReplicaSet",
            ["metadata"] = new JsonObject
            {
                ["name"] = "web-1",
                ["namespace"] = ns,
                ["ownerReferences"] = Owner("Deployment", "web", deployment.Object),
            },
            ["spec"] = new JsonObject { ["replicas"] = replicas },
        }, CancellationToken.None);
        for (var index = 0; index < replicas; index++)
        {
            await Store.CreateAsync(Key("pods", ns, $"web-{index}"), new JsonObject
            {
                ["apiVersion"] = "v1",
                ["kind"] = "Pod",
                ["metadata"] = new JsonObject
                {
                    ["name"] = $"web-{index}",
                    ["namespace"] = ns,
                    ["labels"] = new JsonObject { ["app"] = "web" },
                    ["ownerReferences"] = Owner("ReplicaSet", "web-1", replicaSet.Object),
                },
                ["spec"] = new JsonObject { ["nodeName"] = "node-1" },
                ["status"] = new JsonObject
                {
                    ["phase"] = "Running",
                    ["conditions"] = new JsonArray(new JsonObject { ["type"] = "Ready", ["status"] = "True" }),
                },
            }, CancellationToken.None);
        }
    }

    private static JsonArray Owner(string kind, string name, JsonObject owner) =>
        new(new JsonObject
        {
            ["apiVersion"] = "apps/v1",
            ["kind"] = kind,
            ["name"] = name,
            ["uid"] = owner["metadata"]!["uid"]!.GetValue<string>(),
            ["controller"] = true,
        });

    private static JsonObject Budget(string ns, string spec)
    {
        var budgetSpec = JsonNode.Parse(spec)!.AsObject();
        budgetSpec["selector"] = new JsonObject { ["matchLabels"] = new JsonObject { ["app"] = "web" } };
        return new JsonObject
        {
            ["apiVersion"] = "policy/v1",
            ["kind"] = "PodDisruptionBudget",
            ["metadata"] = new JsonObject { ["name"] = "web", ["namespace"] = ns },
            ["spec"] = budgetSpec,
        };
    }

    private static async Task<JsonObject> StatusWhenAsync(string ns, Func<JsonObject, bool> holds)
    {
        JsonObject? status = null;
        await Eventually.HoldsAsync($"the status of PodDisruptionBudget {ns}/web", Patience, async () =>
        {
            var budget = await Store.GetAsync(Key("policy/poddisruptionbudgets", ns, "web"), CancellationToken.None);
            status = budget?.Object["status"] as JsonObject;
            return status is not null && holds(status);
        });
        return status!;
    }

    private static ObjectKey Key(string resource, string ns, string name) => new(resource, ns, name);
}
