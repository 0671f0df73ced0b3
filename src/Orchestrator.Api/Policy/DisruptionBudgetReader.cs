using System.Text.Json.Nodes;
using Orchestrator.Api.Lifecycle;
using Orchestrator.Api.Objects;
using Orchestrator.Store;
using Orchestrator.Store.Objects;

namespace Orchestrator.Api.Policy;

/// <summary>
/// Reads what a disruption budget's arithmetic needs from the store: the budgets of a namespace, its pods, and the
/// scale of the Deployment or ReplicaSet that controls each selected pod. Shared by the eviction subresource,
/// which decides on live pods, and the disruption controller, which keeps budget statuses. Thread-safe.
/// </summary>
public sealed class DisruptionBudgetReader(IObjectStore store)
{
    /// <summary>The store key of policy/v1 PodDisruptionBudgets.</summary>
    public const string BudgetsKey = "policy/poddisruptionbudgets";

    private const string PodsKey = "pods";
    private const string ReplicaSetsKey = "apps/replicasets";
    private const string DeploymentsKey = "apps/deployments";

    /// <summary>Every budget of the namespace.</summary>
    public Task<IReadOnlyList<StoredObject>> ListBudgetsAsync(string ns, CancellationToken cancellationToken) =>
        ListAsync(BudgetsKey, ns, cancellationToken);

    /// <summary>Every pod of the namespace.</summary>
    public Task<IReadOnlyList<StoredObject>> ListPodsAsync(string ns, CancellationToken cancellationToken) =>
        ListAsync(PodsKey, ns, cancellationToken);

    /// <summary>The budget's status computed from <paramref name="pods"/>, the pods of its namespace.</summary>
    public async Task<BudgetStatus> ComputeAsync(
        JsonObject budget, IReadOnlyList<JsonObject> pods, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var selector = new PodLabelSelector(budget.ObjectAt("spec").ObjectAt("selector"));
        var ns = budget.ObjectAt("metadata").StringAt("namespace") ?? "";
        var scales = new Dictionary<string, ControllerScale?>(StringComparer.Ordinal);
        var selected = new List<BudgetPod>();
        foreach (var pod in pods.Where(selector.Matches))
        {
            var metadata = pod.ObjectAt("metadata");
            var budgetPod = new BudgetPod(
                metadata.StringAt("name") ?? "", EvictionDecision.IsReady(pod),
                metadata.StringAt("deletionTimestamp") is not null);
            if (ControllerOf(pod) is { } owner)
            {
                if (!scales.TryGetValue(owner.Uid, out var scale))
                {
                    scale = await ScaleOfAsync(ns, owner, cancellationToken);
                    scales[owner.Uid] = scale;
                }

                budgetPod = scale is null
                    ? budgetPod with { HasUnknownController = true }
                    : budgetPod with { Controller = scale };
            }

            selected.Add(budgetPod);
        }

        return DisruptionBudget.Compute(
            budget.ObjectAt("spec"), selected, DisruptionBudget.DisruptedPodsOf(budget), now);
    }

    // The controller chain's top and its wanted replicas: a ReplicaSet's Deployment when it has one.
    private async Task<ControllerScale?> ScaleOfAsync(
        string ns, (string Kind, string Name, string Uid) owner, CancellationToken cancellationToken)
    {
        if (owner.Kind != "ReplicaSet")
        {
            return null;
        }

        var replicaSet = await store.GetAsync(new ObjectKey(ReplicaSetsKey, ns, owner.Name), cancellationToken);
        if (replicaSet is null || ObjectMetadata.Uid(replicaSet.Object) != owner.Uid)
        {
            return null;
        }

        if (ControllerOf(replicaSet.Object) is { Kind: "Deployment" } deploymentOwner)
        {
            var deployment = await store.GetAsync(
                new ObjectKey(DeploymentsKey, ns, deploymentOwner.Name), cancellationToken);
            return deployment is null || ObjectMetadata.Uid(deployment.Object) != deploymentOwner.Uid
                ? null
                : new ControllerScale(deploymentOwner.Uid, ReplicasOf(deployment.Object));
        }

        return new ControllerScale(owner.Uid, ReplicasOf(replicaSet.Object));
    }

    private static int ReplicasOf(JsonObject workload) =>
        (int)(workload.ObjectAt("spec").IntegerAt("replicas") ?? 1);

    private static (string Kind, string Name, string Uid)? ControllerOf(JsonObject obj) =>
        obj.ObjectAt("metadata").ObjectsAt("ownerReferences")
            .Where(o => o.BooleanAt("controller") == true)
            .Select(o => ((string Kind, string Name, string Uid)?)(
                o.StringAt("kind") ?? "", o.StringAt("name") ?? "", o.StringAt("uid") ?? ""))
            .FirstOrDefault();

    private async Task<IReadOnlyList<StoredObject>> ListAsync(
        string resource, string ns, CancellationToken cancellationToken)
    {
        var items = new List<StoredObject>();
        var request = new ListRequest(resource) { Namespace = ns, Limit = 1000 };
        while (true)
        {
            var page = await store.ListAsync(request, cancellationToken);
            items.AddRange(page.Items);
            if (page.Continue is null)
            {
                return items;
            }

            request = request with { Continue = page.Continue };
        }
    }
}
