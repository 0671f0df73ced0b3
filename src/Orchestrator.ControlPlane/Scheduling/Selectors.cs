using System.Globalization;
using System.Text.Json.Nodes;

namespace Orchestrator.ControlPlane.Scheduling;

/// <summary>Label selectors and node selector terms evaluated with Kubernetes semantics.</summary>
internal static class Selectors
{
    /// <summary>
    /// A metav1.LabelSelector: a missing selector matches nothing, an empty one matches everything.
    /// </summary>
    public static bool MatchesLabelSelector(JsonObject? selector, IReadOnlyDictionary<string, string> labels)
    {
        if (selector is null)
        {
            return false;
        }

        foreach (var (key, value) in JsonRead.StringMap(selector["matchLabels"]))
        {
            if (!labels.TryGetValue(key, out var actual) || actual != value)
            {
                return false;
            }
        }

        return JsonRead.Objects(selector, "matchExpressions").All(e => MatchesExpression(e, labels));
    }

    /// <summary>pod.spec.nodeSelector: every pair must be present on the node.</summary>
    public static bool MatchesNodeSelectorMap(JsonObject pod, IReadOnlyDictionary<string, string> labels) =>
        JsonRead.StringMap(JsonRead.Object(pod, "spec")?["nodeSelector"])
            .All(kv => labels.TryGetValue(kv.Key, out var actual) && actual == kv.Value);

    /// <summary>
    /// A NodeSelectorTerm: all its matchExpressions (on labels) and matchFields (metadata.name) must hold.
    /// A term with neither matches nothing.
    /// </summary>
    public static bool MatchesNodeSelectorTerm(JsonObject? term, NodeView node)
    {
        if (term is null)
        {
            return false;
        }

        var expressions = JsonRead.Objects(term, "matchExpressions").ToList();
        var fields = JsonRead.Objects(term, "matchFields").ToList();
        if (expressions.Count == 0 && fields.Count == 0)
        {
            return false;
        }

        var nameField = new Dictionary<string, string>(StringComparer.Ordinal) { ["metadata.name"] = node.Name };
        return expressions.All(e => MatchesExpression(e, node.Labels))
            && fields.All(f => JsonRead.String(f, "key") == "metadata.name"
                && JsonRead.String(f, "operator") is "In" or "NotIn" && MatchesExpression(f, nameField));
    }

    /// <summary>A NodeSelector (required node affinity): its terms are ORed.</summary>
    public static bool MatchesNodeSelector(JsonObject? selector, NodeView node) =>
        JsonRead.Objects(selector, "nodeSelectorTerms").Any(t => MatchesNodeSelectorTerm(t, node));

    /// <summary>nodeSelector and required node affinity of the pod, both of which must hold.</summary>
    public static bool MatchesRequiredNodeAffinity(JsonObject pod, NodeView node)
    {
        if (!MatchesNodeSelectorMap(pod, node.Labels))
        {
            return false;
        }

        var required = JsonRead.Object(
            pod, "spec", "affinity", "nodeAffinity", "requiredDuringSchedulingIgnoredDuringExecution");
        return required is null || MatchesNodeSelector(required, node);
    }

    private static bool MatchesExpression(JsonObject expression, IReadOnlyDictionary<string, string> labels)
    {
        var key = JsonRead.String(expression, "key") ?? "";
        var values = JsonRead.Strings(expression["values"]);
        var present = labels.TryGetValue(key, out var actual);
        return JsonRead.String(expression, "operator") switch
        {
            "In" => present && values.Contains(actual!),
            "NotIn" => !present || !values.Contains(actual!),
            "Exists" => present,
            "DoesNotExist" => !present,
            "Gt" => present && Compare(actual!, values) is > 0,
            "Lt" => present && Compare(actual!, values) is < 0,
            _ => false,
        };
    }

    private static int? Compare(string actual, IReadOnlyList<string> values)
    {
        if (values.Count != 1
            || !long.TryParse(actual, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var left)
            || !long.TryParse(values[0], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var right))
        {
            return null;
        }

        return left.CompareTo(right);
    }
}
