using System.Text;
using System.Text.Json.Nodes;

namespace Orchestrator.ControlPlane.Scheduling;

/// <summary>
/// Which scheduler shard takes a pod: a hash of its namespace/name that is the same in every process and on every
/// run (unlike <see cref="string.GetHashCode()"/>), so a pod always goes to the same shard. Pods whose placement
/// depends on where other pods are (required pod affinity or anti-affinity, topologySpreadConstraints) go by their
/// namespace alone, so the pods of one namespace that constrain each other are placed one after another by one
/// shard, which sees each placement before the next: two replicas of a spread Deployment never race on stale views.
/// </summary>
public static class ShardAssignment
{
    private const uint OffsetBasis = 2166136261;
    private const uint Prime = 16777619;

    /// <summary>The shard of a pod in Kubernetes JSON, by namespace alone when its placement depends on pods.</summary>
    public static int ShardOf(JsonObject pod, int shards)
    {
        var ns = JsonRead.Namespace(pod);
        return DependsOnPods(pod) ? ShardOf(ns, "", shards) : ShardOf(ns, JsonRead.Name(pod), shards);
    }

    /// <summary>Whether the pod has required pod (anti-)affinity or topology spread constraints.</summary>
    public static bool DependsOnPods(JsonObject pod) =>
        JsonRead.Objects(pod, "spec", "topologySpreadConstraints").Any()
        || JsonRead.Objects(pod, "spec", "affinity", "podAffinity", "requiredDuringSchedulingIgnoredDuringExecution")
            .Any()
        || JsonRead.Objects(
            pod, "spec", "affinity", "podAntiAffinity", "requiredDuringSchedulingIgnoredDuringExecution").Any();

    /// <summary>The shard, from 0 to <paramref name="shards"/> - 1, of the pod namespace/name (FNV-1a).</summary>
    public static int ShardOf(string @namespace, string name, int shards)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(shards, 1);

        var hash = OffsetBasis;
        foreach (var b in Encoding.UTF8.GetBytes($"{@namespace}/{name}"))
        {
            hash = (hash ^ b) * Prime;
        }

        return (int)(hash % (uint)shards);
    }
}
