using System.Text;

namespace Orchestrator.ControlPlane.Scheduling;

/// <summary>
/// Which scheduler shard takes a pod: a hash of its namespace/name that is the same in every process and on every
/// run (unlike <see cref="string.GetHashCode()"/>), so a pod always goes to the same shard.
/// </summary>
public static class ShardAssignment
{
    private const uint OffsetBasis = 2166136261;
    private const uint Prime = 16777619;

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
