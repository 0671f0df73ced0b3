using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace Orchestrator.ControlPlane.Workloads;

/// <summary>
/// The <c>pod-template-hash</c> label value of a pod template: FNV-32a over a canonical rendering of the template
/// (object keys sorted, the hash label itself left out), optionally salted with the Deployment's collision count,
/// and written in Kubernetes' safe alphabet. Stable across processes; not byte-equal to Kubernetes' values.
/// </summary>
public static class PodTemplateHash
{
    /// <summary>The label that carries the hash on ReplicaSets, their selectors and their pods.</summary>
    public const string Label = "pod-template-hash";

    private const string SafeAlphabet = "bcdfghjklmnpqrstvwxz2456789";
    private const uint OffsetBasis = 2166136261;
    private const uint Prime = 16777619;

    /// <summary>Computes the hash of <paramref name="template"/>; pure and deterministic.</summary>
    public static string Compute(JsonObject template, int? collisionCount)
    {
        var hash = OffsetBasis;
        foreach (var b in Encoding.UTF8.GetBytes(Canonical(template)))
        {
            hash = Mix(hash, b);
        }

        if (collisionCount is { } count)
        {
            foreach (var b in BitConverter.GetBytes((uint)count))
            {
                hash = Mix(hash, b);
            }
        }

        var digits = hash.ToString(CultureInfo.InvariantCulture);
        var encoded = new StringBuilder(digits.Length);
        foreach (var digit in digits)
        {
            encoded.Append(SafeAlphabet[digit % SafeAlphabet.Length]);
        }

        return encoded.ToString();
    }

    /// <summary>Whether two templates are equal once the hash label is ignored on both.</summary>
    public static bool EqualIgnoringHash(JsonObject? left, JsonObject? right) =>
        left is not null && right is not null && Canonical(left) == Canonical(right);

    internal static string Canonical(JsonObject template)
    {
        var copy = (JsonObject)template.DeepClone();
        if (ObjectFields.Object(copy, "metadata", "labels") is { } labels)
        {
            labels.Remove(Label);
        }

        var text = new StringBuilder();
        Write(copy, text);
        return text.ToString();
    }

    private static uint Mix(uint hash, byte value) => unchecked((hash ^ value) * Prime);

    private static void Write(JsonNode? node, StringBuilder text)
    {
        switch (node)
        {
            case JsonObject obj:
                text.Append('{');
                foreach (var (key, value) in obj.OrderBy(pair => pair.Key, StringComparer.Ordinal))
                {
                    text.Append(JsonValue.Create(key).ToJsonString()).Append(':');
                    Write(value, text);
                    text.Append(',');
                }

                text.Append('}');
                break;
            case JsonArray array:
                text.Append('[');
                foreach (var item in array)
                {
                    Write(item, text);
                    text.Append(',');
                }

                text.Append(']');
                break;
            case null:
                text.Append("null");
                break;
            default:
                text.Append(node.ToJsonString());
                break;
        }
    }
}
