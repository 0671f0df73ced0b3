using System.Globalization;
using System.Text.Json.Nodes;

namespace Orchestrator.ControlPlane.Scheduling;

/// <summary>
/// The coordination.k8s.io/v1 Lease objects by which silos hold scheduler shards, as kube's leader election keeps
/// its lock: spec.holderIdentity names the holder, spec.renewTime says when it last renewed and
/// spec.leaseDurationSeconds how long the lease lasts after that; spec.leaseTransitions counts changes of holder.
/// Pure: every method takes the time and returns new JSON.
/// </summary>
public static class ShardLeaseRecords
{
    /// <summary>The namespace of the shard leases.</summary>
    public const string Namespace = "kube-system";

    /// <summary>The name of the lease of a shard: <c>default-scheduler-shard-&lt;i&gt;</c>.</summary>
    public static string LeaseName(int shard) =>
        "default-scheduler-shard-" + shard.ToString(CultureInfo.InvariantCulture);

    /// <summary>A new lease of the shard held by <paramref name="holder"/> from <paramref name="now"/>.</summary>
    public static JsonObject New(int shard, string holder, TimeSpan duration, DateTimeOffset now) =>
        new()
        {
            ["apiVersion"] = "coordination.k8s.io/v1",
            ["kind"] = "Lease",
            ["metadata"] = new JsonObject { ["name"] = LeaseName(shard), ["namespace"] = Namespace },
            ["spec"] = new JsonObject
            {
                ["holderIdentity"] = holder,
                ["leaseDurationSeconds"] = Seconds(duration),
                ["acquireTime"] = MicroTime(now),
                ["renewTime"] = MicroTime(now),
                ["leaseTransitions"] = 0,
            },
        };

    /// <summary>The holder named by the lease, or null when it names none (released).</summary>
    public static string? HolderOf(JsonObject lease) =>
        JsonRead.String(lease["spec"], "holderIdentity") is { Length: > 0 } holder ? holder : null;

    /// <summary>
    /// Whether the lease may be taken: it names no holder, or its renewTime plus leaseDurationSeconds has passed
    /// (a lease without renewTime is expired).
    /// </summary>
    public static bool IsFree(JsonObject lease, DateTimeOffset now)
    {
        if (HolderOf(lease) is null)
        {
            return true;
        }

        var spec = lease["spec"];
        var renewed = JsonRead.String(spec, "renewTime");
        if (renewed is null || !DateTimeOffset.TryParse(
            renewed, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var renewTime))
        {
            return true;
        }

        return renewTime + TimeSpan.FromSeconds(JsonRead.Integer(spec, "leaseDurationSeconds") ?? 0) <= now;
    }

    /// <summary>
    /// The lease held by <paramref name="holder"/> as of <paramref name="now"/>: renewed when it held it already,
    /// otherwise acquired (acquireTime set, leaseTransitions counted up).
    /// </summary>
    public static JsonObject HeldBy(JsonObject lease, string holder, TimeSpan duration, DateTimeOffset now)
    {
        var updated = lease.DeepClone().AsObject();
        var spec = updated["spec"] as JsonObject ?? [];
        if (HolderOf(lease) != holder)
        {
            spec["holderIdentity"] = holder;
            spec["acquireTime"] = MicroTime(now);
            spec["leaseTransitions"] = (int)(JsonRead.Integer(spec, "leaseTransitions") ?? 0) + 1;
        }

        spec["leaseDurationSeconds"] = Seconds(duration);
        spec["renewTime"] = MicroTime(now);
        updated["spec"] = spec;
        return updated;
    }

    /// <summary>
    /// The lease given up by its holder, as kube's leader election releases on shutdown: no holder, so any silo
    /// may take it at once.
    /// </summary>
    public static JsonObject Released(JsonObject lease)
    {
        var updated = lease.DeepClone().AsObject();
        var spec = updated["spec"] as JsonObject ?? [];
        spec["holderIdentity"] = null;
        updated["spec"] = spec;
        return updated;
    }

    private static int Seconds(TimeSpan duration) => (int)Math.Ceiling(duration.TotalSeconds);

    private static string MicroTime(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);
}
