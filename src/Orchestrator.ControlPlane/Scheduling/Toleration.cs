using System.Text.Json.Nodes;

namespace Orchestrator.ControlPlane.Scheduling;

/// <summary>A pod toleration, matched against taints as Kubernetes does.</summary>
/// <param name="Key">The key; empty with operator Exists tolerates every key.</param>
/// <param name="Operator">Equal (the default) or Exists.</param>
/// <param name="Value">The value compared by Equal.</param>
/// <param name="Effect">The effect; empty tolerates every effect.</param>
public sealed record Toleration(string Key, string Operator, string Value, string Effect)
{
    /// <summary>Whether this toleration tolerates the taint.</summary>
    public bool Tolerates(Taint taint)
    {
        if (Effect.Length > 0 && Effect != taint.Effect)
        {
            return false;
        }

        if (Key.Length > 0 && Key != taint.Key)
        {
            return false;
        }

        return Operator switch
        {
            "Exists" => true,
            "" or "Equal" => Value == taint.Value,
            _ => false,
        };
    }

    /// <summary>The tolerations of a pod in Kubernetes JSON.</summary>
    public static IReadOnlyList<Toleration> Of(JsonObject pod) =>
        JsonRead.Objects(pod, "spec", "tolerations")
            .Select(t => new Toleration(
                JsonRead.String(t, "key") ?? "", JsonRead.String(t, "operator") ?? "",
                JsonRead.String(t, "value") ?? "", JsonRead.String(t, "effect") ?? ""))
            .ToList();
}
