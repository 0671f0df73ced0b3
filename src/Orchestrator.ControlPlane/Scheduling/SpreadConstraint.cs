using System.Text.Json.Nodes;

namespace Orchestrator.ControlPlane.Scheduling;

/// <summary>One topologySpreadConstraint of a pod, with matchLabelKeys folded into its selector.</summary>
internal sealed class SpreadConstraint
{
    private readonly JsonObject? _selector;

    private SpreadConstraint(JsonObject json, IReadOnlyDictionary<string, string> podLabels)
    {
        TopologyKey = JsonRead.String(json, "topologyKey") ?? "";
        MaxSkew = JsonRead.Integer(json, "maxSkew") ?? 1;
        MinDomains = JsonRead.Integer(json, "minDomains");
        HonorsNodeAffinity = JsonRead.String(json, "nodeAffinityPolicy") != "Ignore";
        HonorsTaints = JsonRead.String(json, "nodeTaintsPolicy") == "Honor";
        _selector = JsonRead.Object(json, "labelSelector");
        var keys = JsonRead.Strings(json["matchLabelKeys"]).Where(podLabels.ContainsKey).ToList();
        if (_selector is not null && keys.Count > 0)
        {
            var merged = (JsonObject)_selector.DeepClone();
            var expressions = merged["matchExpressions"] as JsonArray ?? [];
            merged["matchExpressions"] = expressions;
            foreach (var key in keys)
            {
                expressions.Add(new JsonObject
                {
                    ["key"] = key,
                    ["operator"] = "In",
                    ["values"] = new JsonArray(podLabels[key]),
                });
            }

            _selector = merged;
        }
    }

    public string TopologyKey { get; }

    public long MaxSkew { get; }

    public long? MinDomains { get; }

    public bool HonorsNodeAffinity { get; }

    public bool HonorsTaints { get; }

    /// <summary>The pod's constraints with the given whenUnsatisfiable (DoNotSchedule or ScheduleAnyway).</summary>
    public static IReadOnlyList<SpreadConstraint> Of(JsonObject pod, string whenUnsatisfiable) =>
        JsonRead.Objects(pod, "spec", "topologySpreadConstraints")
            .Where(c => (JsonRead.String(c, "whenUnsatisfiable") ?? "DoNotSchedule") == whenUnsatisfiable)
            .Select(c => new SpreadConstraint(c, JsonRead.Labels(pod)))
            .ToList();

    /// <summary>Whether a placed pod counts: same namespace, selector matches, not being deleted.</summary>
    public bool Counts(JsonObject placed, string podNamespace) =>
        JsonRead.Namespace(placed) == podNamespace
        && JsonRead.Object(placed, "metadata")?["deletionTimestamp"] is null
        && Selectors.MatchesLabelSelector(_selector, JsonRead.Labels(placed));

    /// <summary>Whether the pod being scheduled matches its own selector.</summary>
    public bool MatchesSelf(JsonObject pod) => Selectors.MatchesLabelSelector(_selector, JsonRead.Labels(pod));
}
