using System.Text.Json.Nodes;

namespace Orchestrator.ControlPlane.Scheduling;

/// <summary>A node taint: pods that do not tolerate it are kept off (NoSchedule, NoExecute) or avoided.</summary>
/// <param name="Key">The taint key.</param>
/// <param name="Value">The taint value, empty when none.</param>
/// <param name="Effect">NoSchedule, PreferNoSchedule or NoExecute.</param>
public sealed record Taint(string Key, string Value, string Effect)
{
    /// <summary>The taint kube's node lifecycle puts on a node whose Ready condition is False.</summary>
    public const string NotReadyKey = "node.kubernetes.io/not-ready";

    /// <summary>The taint kube's node lifecycle puts on a node whose Ready condition is Unknown.</summary>
    public const string UnreachableKey = "node.kubernetes.io/unreachable";

    /// <summary>The key a pod tolerates to be placed on a cordoned (unschedulable) node.</summary>
    public const string UnschedulableKey = "node.kubernetes.io/unschedulable";

    internal static Taint? From(JsonObject json)
    {
        var key = JsonRead.String(json, "key");
        var effect = JsonRead.String(json, "effect");
        return key is null || effect is null ? null : new Taint(key, JsonRead.String(json, "value") ?? "", effect);
    }
}
