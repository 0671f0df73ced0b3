namespace Orchestrator.ControlPlane.Scheduling;

/// <summary>PodTopologySpread: the DoNotSchedule filter and the ScheduleAnyway score.</summary>
public sealed partial class SchedulingCycle
{
    private readonly IReadOnlyList<SpreadConstraint> _hardSpread;
    private readonly IReadOnlyList<SpreadConstraint> _softSpread;
    private readonly Dictionary<(int Constraint, string Value), long> _hardSpreadCounts = [];
    private readonly List<long> _hardSpreadMinimum = [];

    /// <summary>
    /// PodTopologySpread filter: for each DoNotSchedule constraint the node must carry the topology label, and
    /// placing the pod in the node's domain must keep (matching pods there + 1 - fewest in any domain) within
    /// maxSkew. With minDomains, fewer domains than asked count the minimum as 0.
    /// </summary>
    public FilterStatus PodTopologySpread(NodeView node)
    {
        for (var i = 0; i < _hardSpread.Count; i++)
        {
            var constraint = _hardSpread[i];
            if (!node.Labels.TryGetValue(constraint.TopologyKey, out var domain))
            {
                return FilterStatus.UnschedulableAndUnresolvable(FilterReasons.TopologySpreadMissingLabel);
            }

            var self = constraint.MatchesSelf(Pod) ? 1 : 0;
            var skew = _hardSpreadCounts.GetValueOrDefault((i, domain)) + self - _hardSpreadMinimum[i];
            if (skew > constraint.MaxSkew)
            {
                return FilterStatus.Unschedulable(FilterReasons.TopologySpreadMismatch);
            }
        }

        return FilterStatus.Pass;
    }

    private void PrepareHardSpread()
    {
        if (_hardSpread.Count == 0)
        {
            return;
        }

        foreach (var node in Cluster.Nodes.Where(n => _hardSpread.All(c => n.Labels.ContainsKey(c.TopologyKey))))
        {
            var pods = Cluster.PodsByNode.GetValueOrDefault(node.Name) ?? [];
            for (var i = 0; i < _hardSpread.Count; i++)
            {
                var constraint = _hardSpread[i];
                if (IncludedBySpreadPolicy(constraint, node))
                {
                    var key = (i, node.Labels[constraint.TopologyKey]);
                    _hardSpreadCounts[key] = _hardSpreadCounts.GetValueOrDefault(key)
                        + pods.Count(p => constraint.Counts(p, Namespace));
                }
            }
        }

        for (var i = 0; i < _hardSpread.Count; i++)
        {
            var domains = _hardSpreadCounts.Where(kv => kv.Key.Constraint == i).Select(kv => kv.Value).ToList();
            var fewDomains = _hardSpread[i].MinDomains is { } minDomains && domains.Count < minDomains;
            _hardSpreadMinimum.Add(domains.Count == 0 || fewDomains ? 0 : domains.Min());
        }
    }

    private bool IncludedBySpreadPolicy(SpreadConstraint constraint, NodeView node) =>
        (!constraint.HonorsNodeAffinity || Selectors.MatchesRequiredNodeAffinity(Pod, node))
        && (!constraint.HonorsTaints || node.Taints.All(taint =>
            taint.Effect is not ("NoSchedule" or "NoExecute") || Tolerations.Any(t => t.Tolerates(taint))));

    /// <summary>
    /// Raw PodTopologySpread scores for ScheduleAnyway constraints over the feasible nodes (lower is better
    /// before normalising): per constraint, matching pods in the node's domain weighted by log(domains + 2), plus
    /// maxSkew - 1. Nodes lacking a constraint's label are ignored (null).
    /// </summary>
    private Dictionary<string, long?> SpreadRawScores(IReadOnlyList<NodeView> feasible)
    {
        var scores = new Dictionary<string, long?>(StringComparer.Ordinal);
        if (_softSpread.Count == 0)
        {
            return scores;
        }

        var counted = feasible.Where(n => _softSpread.All(c => n.Labels.ContainsKey(c.TopologyKey))).ToList();
        var domains = new Dictionary<(string Key, string Value), long>();
        foreach (var node in counted)
        {
            foreach (var constraint in _softSpread.Where(c => c.TopologyKey != HostnameKey))
            {
                domains[Pair(node, constraint.TopologyKey)!.Value] = 0;
            }
        }

        foreach (var node in Cluster.Nodes.Where(n => _softSpread.All(c => n.Labels.ContainsKey(c.TopologyKey))))
        {
            var pods = Cluster.PodsByNode.GetValueOrDefault(node.Name) ?? [];
            foreach (var constraint in _softSpread.Where(c => c.TopologyKey != HostnameKey))
            {
                var pair = Pair(node, constraint.TopologyKey)!.Value;
                if (domains.ContainsKey(pair) && IncludedBySpreadPolicy(constraint, node))
                {
                    domains[pair] += pods.Count(p => constraint.Counts(p, Namespace));
                }
            }
        }

        var weights = _softSpread.Select(c => Math.Log(2 + (c.TopologyKey == HostnameKey
            ? counted.Count
            : domains.Keys.Count(k => k.Key == c.TopologyKey)))).ToList();
        foreach (var node in feasible)
        {
            if (!counted.Contains(node))
            {
                scores[node.Name] = null;
                continue;
            }

            var score = 0.0;
            for (var i = 0; i < _softSpread.Count; i++)
            {
                var constraint = _softSpread[i];
                var count = constraint.TopologyKey == HostnameKey
                    ? (Cluster.PodsByNode.GetValueOrDefault(node.Name) ?? [])
                        .Count(p => constraint.Counts(p, Namespace))
                    : domains[Pair(node, constraint.TopologyKey)!.Value];
                score += count * weights[i] + (constraint.MaxSkew - 1);
            }

            scores[node.Name] = (long)Math.Round(score, MidpointRounding.AwayFromZero);
        }

        return scores;
    }
}
