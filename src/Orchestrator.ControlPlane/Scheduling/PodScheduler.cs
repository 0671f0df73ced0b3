using System.Globalization;
using System.Text.Json.Nodes;

namespace Orchestrator.ControlPlane.Scheduling;

/// <summary>
/// The scheduler's decision core: which nodes may take a pod and in what order, as kube-scheduler's default
/// profile decides (filters, then weighted scores), or why none may. Pure: no I/O, no clock, no shared state;
/// the same input always gives the same decision, ties broken by node name.
/// </summary>
/// <remarks>
/// The node chooses: the decision is advice computed on a snapshot. Several schedulers (shards, silos) may run
/// in parallel on stale snapshots, so the Node grain that receives a pod re-checks <see cref="Fits"/> (resources
/// and pod count) against its own current reservations before it binds, and refuses when the pod no longer
/// fits; the pod then asks again. Because the node serialises its reservations, no node is ever overcommitted.
/// </remarks>
public static class PodScheduler
{
    private const string PreemptionNotHelpful = "Preemption is not helpful for scheduling";
    private const string NoVictims = "No preemption victims found for incoming pod";

    /// <summary>
    /// Whether the pod's requests fit the node now: one more pod slot, and enough free cpu, memory and other
    /// requested resources. This is the check a Node grain repeats when it reserves; idempotent and pure.
    /// </summary>
    public static bool Fits(PodRequests requests, NodeView node) => SchedulingCycle.Fit(requests, node).Passed;

    /// <summary>
    /// Why the pod's requests do not fit the node now, worded as kube's NodeResourcesFit words them ("Too many
    /// pods", "Insufficient cpu", ...); empty when <see cref="Fits"/> holds.
    /// </summary>
    public static IReadOnlyList<string> FitReasons(PodRequests requests, NodeView node) =>
        SchedulingCycle.Fit(requests, node).Reasons;

    /// <summary>
    /// Why a node, judging only the pods it holds itself, must refuse the pod for required pod anti-affinity:
    /// kube's "node(s) didn't match pod anti-affinity rules" when one of the pod's terms matches a pod on the
    /// node, "node(s) didn't satisfy existing pods anti-affinity rules" when a pod on the node has a term matching
    /// the pod; empty otherwise. Pods on one node share every topology domain the node belongs to, so whatever the
    /// topologyKey (as long as the node carries it), a match here is a violation; matches on other nodes of a wider
    /// domain are left to the scheduler's view. Namespace selectors see no namespace labels here.
    /// </summary>
    public static IReadOnlyList<string> AntiAffinityReasons(JsonObject pod, NodeView node)
    {
        var cycle = new SchedulingCycle(pod, new ClusterSnapshot([node], node.Pods));
        return cycle.PodAntiAffinity(node).Reasons;
    }

    /// <summary>
    /// Filters and ranks the nodes for the pod. <paramref name="placedPods"/> are the pods bound to nodes
    /// (spec.nodeName), used for pod affinity and topology spread; each <see cref="NodeView"/> already holds the
    /// requests of its own pods. Never throws for odd input: unreadable fields read as absent.
    /// </summary>
    public static SchedulingDecision Schedule(
        JsonObject pod, IReadOnlyList<NodeView> nodes, IReadOnlyList<JsonObject> placedPods) =>
        Schedule(pod, new ClusterSnapshot(nodes, placedPods));

    /// <summary>Filters and ranks the nodes of a prepared snapshot (with namespace labels) for the pod.</summary>
    public static SchedulingDecision Schedule(JsonObject pod, ClusterSnapshot cluster)
    {
        var cycle = new SchedulingCycle(pod, cluster);
        var feasible = new List<NodeView>();
        var failures = new Dictionary<string, FilterStatus>(StringComparer.Ordinal);
        foreach (var node in cluster.Nodes)
        {
            var status = cycle.Filter(node);
            if (status.Passed)
            {
                feasible.Add(node);
            }
            else
            {
                failures[node.Name] = status;
            }
        }

        var reasons = failures.ToDictionary(kv => kv.Key, kv => kv.Value.Reasons, StringComparer.Ordinal);
        if (feasible.Count > 0)
        {
            var totals = feasible.Count == 1
                ? new Dictionary<string, long> { [feasible[0].Name] = 0 }
                : cycle.TotalScores(feasible);
            var ranked = feasible
                .Select(n => new RankedNode(n.Name, totals[n.Name]))
                .OrderByDescending(r => r.Score)
                .ThenBy(r => r.Name, StringComparer.Ordinal)
                .ToList();
            return new SchedulingDecision(ranked, null, reasons, null, []);
        }

        if (cluster.Nodes.Count == 0)
        {
            return new SchedulingDecision([], "no nodes available to schedule pods", reasons, null, []);
        }

        var (preemptionMessage, nominated, victims) = Preempt(pod, cluster, failures);
        var message = FitMessage(cluster.Nodes.Count, failures.Values);
        if (preemptionMessage is not null)
        {
            message += " " + preemptionMessage;
        }

        return new SchedulingDecision([], message, reasons, nominated, victims);
    }

    /// <summary>"0/3 nodes are available: 1 Insufficient cpu, 2 node(s) had untolerated taint {a: b}."</summary>
    private static string FitMessage(int nodeCount, IEnumerable<FilterStatus> failures)
    {
        var histogram = failures.SelectMany(f => f.Reasons)
            .GroupBy(r => r, StringComparer.Ordinal)
            .Select(g => string.Create(CultureInfo.InvariantCulture, $"{g.Count()} {g.Key}"))
            .Order(StringComparer.Ordinal)
            .ToList();
        var message = $"0/{nodeCount} nodes are available:";
        return histogram.Count == 0 ? message : $"{message} {string.Join(", ", histogram)}.";
    }

    /// <summary>
    /// DefaultPreemption's dry run: on each node that failed for a resolvable reason, remove every pod of lower
    /// priority, and if the pod then fits, give back as many of them as still let it fit (highest priority first).
    /// Returns kube's PostFilter message when no node can be freed.
    /// </summary>
    private static (string? Message, string? Nominated, IReadOnlyList<JsonObject> Victims) Preempt(
        JsonObject pod, ClusterSnapshot cluster, IReadOnlyDictionary<string, FilterStatus> failures)
    {
        if (JsonRead.String(JsonRead.Object(pod, "spec"), "preemptionPolicy") == "Never")
        {
            return ("not eligible due to preemptionPolicy=Never.", null, []);
        }

        var priority = Priority(pod);
        var outcomes = new List<FilterStatus>();
        (string Node, IReadOnlyList<JsonObject> Victims, long HighestVictim)? best = null;
        foreach (var node in cluster.Nodes)
        {
            var failure = failures[node.Name];
            if (failure.Unresolvable)
            {
                outcomes.Add(FilterStatus.UnschedulableAndUnresolvable(PreemptionNotHelpful));
                continue;
            }

            var lower = (cluster.PodsByNode.GetValueOrDefault(node.Name) ?? [])
                .Where(p => Priority(p) < priority)
                .OrderByDescending(Priority)
                .ToList();
            if (lower.Count == 0)
            {
                outcomes.Add(FilterStatus.UnschedulableAndUnresolvable(NoVictims));
                continue;
            }

            var status = FilterWithout(pod, cluster, node.Name, lower);
            if (!status.Passed)
            {
                outcomes.Add(status);
                continue;
            }

            var victims = new List<JsonObject>(lower);
            foreach (var candidate in lower)
            {
                var trial = victims.Where(v => !ReferenceEquals(v, candidate)).ToList();
                if (FilterWithout(pod, cluster, node.Name, trial).Passed)
                {
                    victims = trial;
                }
            }

            var highest = victims.Count == 0 ? long.MinValue : victims.Max(Priority);
            if (best is null || highest < best.Value.HighestVictim
                || (highest == best.Value.HighestVictim && victims.Count < best.Value.Victims.Count))
            {
                best = (node.Name, victims, highest);
            }

            outcomes.Add(FilterStatus.Pass);
        }

        return best is { } chosen
            ? (null, chosen.Node, chosen.Victims)
            : ("preemption: " + FitMessage(cluster.Nodes.Count, outcomes), null, []);
    }

    private static FilterStatus FilterWithout(
        JsonObject pod, ClusterSnapshot cluster, string nodeName, IReadOnlyCollection<JsonObject> removed)
    {
        var reduced = cluster.Without(removed);
        return new SchedulingCycle(pod, reduced).Filter(reduced.Nodes.First(n => n.Name == nodeName));
    }

    private static long Priority(JsonObject pod) => JsonRead.Integer(JsonRead.Object(pod, "spec"), "priority") ?? 0;
}
