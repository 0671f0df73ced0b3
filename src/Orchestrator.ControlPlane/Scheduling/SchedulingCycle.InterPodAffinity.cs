using System.Text.Json.Nodes;

namespace Orchestrator.ControlPlane.Scheduling;

/// <summary>InterPodAffinity: required pod affinity and anti-affinity (both directions) and preferred terms.</summary>
public sealed partial class SchedulingCycle
{
    /// <summary>The weight kube gives a placed pod's required affinity term when scoring symmetric affinity.</summary>
    private const int HardPodAffinityWeight = 1;

    private readonly IReadOnlyList<PodAffinityTerm> _requiredAffinity;
    private readonly IReadOnlyList<PodAffinityTerm> _requiredAntiAffinity;
    private readonly Dictionary<(string Key, string Value), int> _affinityCounts = [];
    private readonly Dictionary<(string Key, string Value), int> _antiAffinityCounts = [];
    private readonly Dictionary<(string Key, string Value), int> _existingAntiAffinityCounts = [];

    /// <summary>
    /// InterPodAffinity filter: each required affinity term needs, in the node's domain of its topologyKey, a pod
    /// that matches every required affinity term (or no such pod anywhere while the pod matches its own terms);
    /// no required anti-affinity term may match a pod in the node's domain; and no placed pod's required
    /// anti-affinity may match this pod within that placed pod's domain.
    /// </summary>
    public FilterStatus InterPodAffinity(NodeView node)
    {
        if (!SatisfiesPodAffinity(node))
        {
            return FilterStatus.UnschedulableAndUnresolvable(FilterReasons.PodAffinityMismatch);
        }

        return PodAntiAffinity(node);
    }

    /// <summary>
    /// The anti-affinity half of the InterPodAffinity filter: no required anti-affinity term of the pod may match
    /// a pod in the node's domain, and no placed pod's required anti-affinity may match this pod.
    /// </summary>
    public FilterStatus PodAntiAffinity(NodeView node)
    {
        if (_requiredAntiAffinity.Any(t => Pair(node, t.TopologyKey) is { } pair
            && _antiAffinityCounts.GetValueOrDefault(pair) > 0))
        {
            return FilterStatus.Unschedulable(FilterReasons.PodAntiAffinityMismatch);
        }

        if (node.Labels.Any(kv => _existingAntiAffinityCounts.GetValueOrDefault((kv.Key, kv.Value)) > 0))
        {
            return FilterStatus.Unschedulable(FilterReasons.ExistingAntiAffinityMismatch);
        }

        return FilterStatus.Pass;
    }

    private bool SatisfiesPodAffinity(NodeView node)
    {
        var podsExist = true;
        foreach (var term in _requiredAffinity)
        {
            if (Pair(node, term.TopologyKey) is not { } pair)
            {
                return false;
            }

            podsExist &= _affinityCounts.GetValueOrDefault(pair) > 0;
        }

        return podsExist
            || (_affinityCounts.Count == 0 && _requiredAffinity.All(t => t.Matches(Pod, Cluster)));
    }

    private void PrepareInterPodAffinity()
    {
        foreach (var (node, placed) in PlacedPods())
        {
            if (_requiredAffinity.Count > 0 && _requiredAffinity.All(t => t.Matches(placed, Cluster)))
            {
                foreach (var term in _requiredAffinity)
                {
                    Increment(_affinityCounts, node, term.TopologyKey, 1);
                }
            }

            foreach (var term in _requiredAntiAffinity.Where(t => t.Matches(placed, Cluster)))
            {
                Increment(_antiAffinityCounts, node, term.TopologyKey, 1);
            }

            foreach (var term in PodAffinityTerm.Required(placed, "podAntiAffinity"))
            {
                if (term.Matches(Pod, Cluster))
                {
                    Increment(_existingAntiAffinityCounts, node, term.TopologyKey, 1);
                }
            }
        }
    }

    /// <summary>
    /// Raw InterPodAffinity scores: for each topology domain, the weights of the pod's preferred terms matched by
    /// placed pods there (anti-affinity subtracts), plus placed pods' preferred terms and required affinity terms
    /// matched by this pod (symmetry). A node scores the sum over the domains it belongs to.
    /// </summary>
    private Dictionary<string, long> InterPodAffinityRawScores(IReadOnlyList<NodeView> feasible)
    {
        var preferred = PodAffinityTerm.Preferred(Pod, "podAffinity");
        var preferredAnti = PodAffinityTerm.Preferred(Pod, "podAntiAffinity");
        var domains = new Dictionary<(string Key, string Value), int>();
        foreach (var (node, placed) in PlacedPods().Where(x => x.Node.Labels.Count > 0))
        {
            AddMatching(domains, preferred, placed, node, 1);
            AddMatching(domains, preferredAnti, placed, node, -1);
            foreach (var term in PodAffinityTerm.Required(placed, "podAffinity").Where(t => t.Matches(Pod, Cluster)))
            {
                Increment(domains, node, term.TopologyKey, HardPodAffinityWeight);
            }

            AddMatching(domains, PodAffinityTerm.Preferred(placed, "podAffinity"), Pod, node, 1);
            AddMatching(domains, PodAffinityTerm.Preferred(placed, "podAntiAffinity"), Pod, node, -1);
        }

        return feasible.ToDictionary(
            n => n.Name,
            n => (long)n.Labels.Sum(kv => domains.GetValueOrDefault((kv.Key, kv.Value))),
            StringComparer.Ordinal);
    }

    private void AddMatching(
        Dictionary<(string Key, string Value), int> domains, IReadOnlyList<PodAffinityTerm> terms,
        JsonObject candidate, NodeView node, int sign)
    {
        foreach (var term in terms.Where(t => t.Matches(candidate, Cluster)))
        {
            Increment(domains, node, term.TopologyKey, term.Weight * sign);
        }
    }

    private static void Increment(
        Dictionary<(string Key, string Value), int> counts, NodeView node, string topologyKey, int by)
    {
        if (Pair(node, topologyKey) is { } pair)
        {
            counts[pair] = counts.GetValueOrDefault(pair) + by;
        }
    }
}
