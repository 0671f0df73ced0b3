using System.Globalization;
using System.Text.Json.Nodes;
using Orchestrator.Contracts.Nodes;

namespace Orchestrator.ControlPlane.Scheduling;

/// <summary>
/// Translates between a Node grain's ledger (capacity and pod claims) and the scheduler's Kubernetes-JSON views,
/// so the grain's capacity check and the scheduler's ranking use the same <see cref="NodeView"/> arithmetic.
/// </summary>
public static class LedgerViews
{
    /// <summary>The scheduler's view of a node as its ledger stands: capacity, labels, taints, claimed pods.</summary>
    public static NodeView ToNodeView(NodeSnapshot snapshot) =>
        NodeView.From(
            ToNodeJson(snapshot.Name, snapshot.Capacity),
            snapshot.Claims.Select(claim => ToPodJson(claim, snapshot.Name)));

    /// <summary>
    /// A Node object carrying the capacity as status.allocatable, with its labels, taints and cordon flag.
    /// </summary>
    public static JsonObject ToNodeJson(string name, NodeCapacity capacity)
    {
        var labels = new JsonObject();
        foreach (var (key, value) in capacity.Labels)
        {
            labels[key] = value;
        }

        var taints = new JsonArray();
        foreach (var taint in capacity.Taints)
        {
            taints.Add(new JsonObject { ["key"] = taint.Key, ["value"] = taint.Value, ["effect"] = taint.Effect });
        }

        return new JsonObject
        {
            ["metadata"] = new JsonObject { ["name"] = name, ["labels"] = labels },
            ["spec"] = new JsonObject { ["unschedulable"] = capacity.Unschedulable, ["taints"] = taints },
            ["status"] = new JsonObject
            {
                ["allocatable"] = new JsonObject
                {
                    ["cpu"] = Milli(capacity.MilliCpu),
                    ["memory"] = Units(capacity.Memory),
                    ["pods"] = Units(capacity.Pods),
                },
            },
        };
    }

    /// <summary>
    /// A Pod bound to the node that asks for exactly the claim's cpu and memory in one container, with the claim's
    /// labels and pod (anti-)affinity, so inter-pod affinity and topology spread see it as the pod it stands for.
    /// A zero request is left out, as the pod it stands for would not have stated it.
    /// </summary>
    public static JsonObject ToPodJson(PodClaim claim, string nodeName)
    {
        var requests = new JsonObject();
        if (claim.MilliCpu > 0)
        {
            requests["cpu"] = Milli(claim.MilliCpu);
        }

        if (claim.Memory > 0)
        {
            requests["memory"] = Units(claim.Memory);
        }

        var labels = new JsonObject();
        foreach (var (key, value) in claim.Labels)
        {
            labels[key] = value;
        }

        var spec = new JsonObject
        {
            ["nodeName"] = nodeName,
            ["containers"] = new JsonArray(new JsonObject
            {
                ["name"] = "claim",
                ["resources"] = new JsonObject { ["requests"] = requests },
            }),
        };
        if (claim.PodAffinity is not null && JsonNode.Parse(claim.PodAffinity) is JsonObject affinity)
        {
            spec["affinity"] = affinity;
        }

        return new JsonObject
        {
            ["metadata"] = new JsonObject
            {
                ["namespace"] = claim.Namespace,
                ["name"] = claim.Name,
                ["uid"] = claim.Uid,
                ["labels"] = labels,
            },
            ["spec"] = spec,
        };
    }

    /// <summary>
    /// The claim a pod in Kubernetes JSON makes: its uid, effective cpu and memory requests, labels and pod
    /// (anti-)affinity.
    /// </summary>
    /// <exception cref="ArgumentException">The pod has no metadata.uid.</exception>
    public static PodClaim ClaimOf(JsonObject pod)
    {
        var uid = JsonRead.String(pod["metadata"], "uid");
        if (string.IsNullOrEmpty(uid))
        {
            throw new ArgumentException($"pod {NodeView.PodKey(pod)} has no metadata.uid", nameof(pod));
        }

        var requests = PodRequests.Of(pod);
        return new PodClaim
        {
            Namespace = JsonRead.Namespace(pod),
            Name = JsonRead.Name(pod),
            Uid = uid,
            MilliCpu = requests.MilliCpu,
            Memory = requests.Memory,
            Labels = new Dictionary<string, string>(JsonRead.Labels(pod), StringComparer.Ordinal),
            PodAffinity = PodAffinityOf(pod),
        };
    }

    // Only podAffinity and podAntiAffinity matter once the pod is placed; nodeAffinity is the pod's own business.
    private static string? PodAffinityOf(JsonObject pod)
    {
        var affinity = JsonRead.Object(pod, "spec", "affinity");
        var kept = new JsonObject();
        foreach (var kind in new[] { "podAffinity", "podAntiAffinity" })
        {
            if (JsonRead.Object(affinity, kind) is { } terms)
            {
                kept[kind] = terms.DeepClone();
            }
        }

        return kept.Count == 0 ? null : kept.ToJsonString();
    }

    /// <summary>
    /// The requests of a claim as the scheduler reads those of <see cref="ToPodJson"/>'s one-container pod.
    /// </summary>
    public static PodRequests RequestsOf(PodClaim claim) =>
        new(claim.MilliCpu, claim.Memory, new Dictionary<string, long>(),
            claim.MilliCpu > 0 ? claim.MilliCpu : PodRequests.DefaultMilliCpuRequest,
            claim.Memory > 0 ? claim.Memory : PodRequests.DefaultMemoryRequest);

    private static string Milli(long milliUnits) => milliUnits.ToString(CultureInfo.InvariantCulture) + "m";

    private static string Units(long units) => units.ToString(CultureInfo.InvariantCulture);
}
