namespace Orchestrator.ControlPlane.Scheduling;

/// <summary>
/// The score plugins of kube-scheduler's default profile, each normalised to 0-100 over the feasible nodes and
/// weighted as the default profile weights them.
/// </summary>
public sealed partial class SchedulingCycle
{
    /// <summary>The highest score a plugin gives a node.</summary>
    public const long MaxNodeScore = 100;

    private const string HostnameKey = "kubernetes.io/hostname";

    private static readonly (string Plugin, long Weight)[] Weights =
    [
        ("TaintToleration", 3), ("NodeAffinity", 2), ("PodTopologySpread", 2), ("InterPodAffinity", 2),
        ("NodeResourcesFit", 1), ("NodeResourcesBalancedAllocation", 1),
    ];

    /// <summary>
    /// Every plugin's normalised 0-100 score of each feasible node, by plugin name then node name.
    /// </summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, long>> Scores(IReadOnlyList<NodeView> feasible)
    {
        var byPlugin = new Dictionary<string, IReadOnlyDictionary<string, long>>(StringComparer.Ordinal)
        {
            ["TaintToleration"] = Normalize(feasible.ToDictionary(n => n.Name, PreferNoScheduleCount), reverse: true),
            ["NodeAffinity"] = Normalize(feasible.ToDictionary(n => n.Name, PreferredNodeAffinity), reverse: false),
            ["PodTopologySpread"] = NormalizeSpread(SpreadRawScores(feasible)),
            ["InterPodAffinity"] = NormalizeMinMax(InterPodAffinityRawScores(feasible)),
            ["NodeResourcesFit"] = feasible.ToDictionary(n => n.Name, LeastAllocated),
            ["NodeResourcesBalancedAllocation"] = feasible.ToDictionary(n => n.Name, BalancedAllocation),
        };
        return byPlugin;
    }

    /// <summary>The weighted sum of <see cref="Scores"/> per feasible node, by node name.</summary>
    public IReadOnlyDictionary<string, long> TotalScores(IReadOnlyList<NodeView> feasible)
    {
        var scores = Scores(feasible);
        return feasible.ToDictionary(
            n => n.Name,
            n => Weights.Sum(w => w.Weight * scores[w.Plugin].GetValueOrDefault(n.Name)),
            StringComparer.Ordinal);
    }

    /// <summary>NodeResourcesFit LeastAllocated: the free share of cpu and memory after placing.</summary>
    public long LeastAllocated(NodeView node)
    {
        long total = 0, weights = 0;
        foreach (var (requested, allocatable) in (ReadOnlySpan<(long, long)>)
            [(node.NonZeroRequestedMilliCpu + Requests.NonZeroMilliCpu, node.AllocatableMilliCpu),
                (node.NonZeroRequestedMemory + Requests.NonZeroMemory, node.AllocatableMemory)])
        {
            if (allocatable == 0)
            {
                continue;
            }

            total += requested > allocatable ? 0 : (allocatable - requested) * MaxNodeScore / allocatable;
            weights++;
        }

        return weights == 0 ? 0 : total / weights;
    }

    /// <summary>NodeResourcesBalancedAllocation: 100 when cpu and memory would be used in equal shares.</summary>
    public long BalancedAllocation(NodeView node)
    {
        var fractions = new List<double>();
        foreach (var (requested, allocatable) in (ReadOnlySpan<(long, long)>)
            [(node.RequestedMilliCpu + Requests.MilliCpu, node.AllocatableMilliCpu),
                (node.RequestedMemory + Requests.Memory, node.AllocatableMemory)])
        {
            if (allocatable != 0)
            {
                fractions.Add(Math.Min(1.0, (double)requested / allocatable));
            }
        }

        var deviation = fractions.Count == 2 ? Math.Abs((fractions[0] - fractions[1]) / 2) : 0;
        return (long)((1 - deviation) * MaxNodeScore);
    }

    /// <summary>Raw NodeAffinity score: the summed weights of the preferred terms the node matches.</summary>
    public long PreferredNodeAffinity(NodeView node) =>
        JsonRead.Objects(Pod, "spec", "affinity", "nodeAffinity", "preferredDuringSchedulingIgnoredDuringExecution")
            .Where(p => Selectors.MatchesNodeSelectorTerm(JsonRead.Object(p, "preference"), node))
            .Sum(p => JsonRead.Integer(p, "weight") ?? 0);

    /// <summary>Raw TaintToleration score: how many PreferNoSchedule taints the pod does not tolerate.</summary>
    public long PreferNoScheduleCount(NodeView node) =>
        node.Taints.Count(taint => taint.Effect == "PreferNoSchedule"
            && !Tolerations.Any(t => t.Effect is "" or "PreferNoSchedule" && t.Tolerates(taint)));

    private static Dictionary<string, long> Normalize(Dictionary<string, long> raw, bool reverse)
    {
        var max = raw.Count == 0 ? 0 : raw.Values.Max();
        return raw.ToDictionary(
            kv => kv.Key,
            kv => max == 0
                ? (reverse ? MaxNodeScore : 0)
                : reverse ? MaxNodeScore - kv.Value * MaxNodeScore / max : kv.Value * MaxNodeScore / max,
            StringComparer.Ordinal);
    }

    private static Dictionary<string, long> NormalizeMinMax(Dictionary<string, long> raw)
    {
        var min = raw.Count == 0 ? 0 : raw.Values.Min();
        var max = raw.Count == 0 ? 0 : raw.Values.Max();
        return raw.ToDictionary(
            kv => kv.Key,
            kv => max - min > 0 ? (long)(MaxNodeScore * ((double)(kv.Value - min) / (max - min))) : 0,
            StringComparer.Ordinal);
    }

    private static Dictionary<string, long> NormalizeSpread(Dictionary<string, long?> raw)
    {
        var valid = raw.Values.OfType<long>().ToList();
        var min = valid.Count == 0 ? 0 : valid.Min();
        var max = valid.Count == 0 ? 0 : valid.Max();
        return raw.ToDictionary(
            kv => kv.Key,
            kv => kv.Value is not { } score ? 0 : max == 0 ? MaxNodeScore : MaxNodeScore * (max + min - score) / max,
            StringComparer.Ordinal);
    }
}
