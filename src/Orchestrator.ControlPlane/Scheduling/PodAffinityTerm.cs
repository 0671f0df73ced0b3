using System.Text.Json.Nodes;

namespace Orchestrator.ControlPlane.Scheduling;

/// <summary>
/// One pod (anti-)affinity term of a pod, with the namespaces it applies to resolved against its owner:
/// no namespaces and no namespaceSelector means the owner's namespace; an empty namespaceSelector means all.
/// </summary>
internal sealed class PodAffinityTerm
{
    private readonly JsonObject? _labelSelector;
    private readonly IReadOnlyList<string> _namespaces;
    private readonly JsonObject? _namespaceSelector;

    private PodAffinityTerm(
        JsonObject term, string ownerNamespace, int weight, IReadOnlyDictionary<string, string> ownerLabels)
    {
        Weight = weight;
        TopologyKey = JsonRead.String(term, "topologyKey") ?? "";
        _labelSelector = MergeMatchLabelKeys(term, ownerLabels);
        _namespaceSelector = JsonRead.Object(term, "namespaceSelector");
        var namespaces = JsonRead.Strings(term["namespaces"]);
        _namespaces = namespaces.Count == 0 && _namespaceSelector is null ? [ownerNamespace] : namespaces;
    }

    public string TopologyKey { get; }

    public int Weight { get; }

    /// <summary>Required terms of a pod; kind is "podAffinity" or "podAntiAffinity".</summary>
    public static IReadOnlyList<PodAffinityTerm> Required(JsonObject pod, string kind) =>
        JsonRead.Objects(pod, "spec", "affinity", kind, "requiredDuringSchedulingIgnoredDuringExecution")
            .Select(t => new PodAffinityTerm(t, JsonRead.Namespace(pod), 1, JsonRead.Labels(pod)))
            .ToList();

    /// <summary>Preferred (weighted) terms of a pod; kind is "podAffinity" or "podAntiAffinity".</summary>
    public static IReadOnlyList<PodAffinityTerm> Preferred(JsonObject pod, string kind) =>
        JsonRead.Objects(pod, "spec", "affinity", kind, "preferredDuringSchedulingIgnoredDuringExecution")
            .Where(w => JsonRead.Object(w, "podAffinityTerm") is not null)
            .Select(w => new PodAffinityTerm(
                JsonRead.Object(w, "podAffinityTerm")!, JsonRead.Namespace(pod),
                (int)(JsonRead.Integer(w, "weight") ?? 0), JsonRead.Labels(pod)))
            .ToList();

    /// <summary>Whether the pod is in one of the term's namespaces and matches its label selector.</summary>
    public bool Matches(JsonObject pod, ClusterSnapshot cluster)
    {
        var ns = JsonRead.Namespace(pod);
        var inNamespace = _namespaces.Contains(ns)
            || (_namespaceSelector is not null && Selectors.MatchesLabelSelector(
                _namespaceSelector, cluster.NamespaceLabels(ns)));
        return inNamespace && Selectors.MatchesLabelSelector(_labelSelector, JsonRead.Labels(pod));
    }

    // matchLabelKeys adds "key In (owner's value)" for each key the owner carries.
    private static JsonObject? MergeMatchLabelKeys(JsonObject term, IReadOnlyDictionary<string, string> ownerLabels)
    {
        var selector = JsonRead.Object(term, "labelSelector");
        var keys = JsonRead.Strings(term["matchLabelKeys"]).Where(ownerLabels.ContainsKey).ToList();
        if (selector is null || keys.Count == 0)
        {
            return selector;
        }

        var merged = (JsonObject)selector.DeepClone();
        var expressions = merged["matchExpressions"] as JsonArray ?? [];
        merged["matchExpressions"] = expressions;
        foreach (var key in keys)
        {
            expressions.Add(new JsonObject
            {
                ["key"] = key,
                ["operator"] = "In",
                ["values"] = new JsonArray(ownerLabels[key]),
            });
        }

        return merged;
    }
}
