using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Orchestrator.Api.Objects;
using Orchestrator.Api.Policy;

namespace Orchestrator.Api.Validation;

/// <summary>
/// policy/v1 PodDisruptionBudgets: minAvailable and maxUnavailable exclusive of each other, each a non-negative
/// count or a percentage of at most 100%, a well-formed selector and a known unhealthy-pod eviction policy.
/// </summary>
internal static class PolicyValidation
{
    private static readonly string[] EvictionPolicies = ["AlwaysAllow", "IfHealthyBudget"];

    public static void ValidatePodDisruptionBudget(JsonObject budget, FieldErrors errors)
    {
        var spec = budget.ObjectAt("spec");
        var minAvailable = spec?["minAvailable"];
        var maxUnavailable = spec?["maxUnavailable"];
        if (minAvailable is not null && maxUnavailable is not null)
        {
            errors.InvalidRendered("spec", SpecText(spec!), "minAvailable and maxUnavailable cannot be both set");
        }

        ValidateCountOrPercent(minAvailable, "spec.minAvailable", errors);
        ValidateCountOrPercent(maxUnavailable, "spec.maxUnavailable", errors);

        if (spec.ObjectAt("selector") is { } selector)
        {
            MetadataValidation.ValidateLabels(selector, "matchLabels", "spec.selector.matchLabels", errors);
            WorkloadValidation.ValidateExpressions(selector, errors);
        }

        if (spec.StringAt("unhealthyPodEvictionPolicy") is { } policy && !EvictionPolicies.Contains(policy))
        {
            errors.NotSupported("spec.unhealthyPodEvictionPolicy", policy, EvictionPolicies);
        }
    }

    private static void ValidateCountOrPercent(JsonNode? value, string field, FieldErrors errors)
    {
        if (value is null)
        {
            return;
        }

        if (value is JsonValue number && number.GetValueKind() == JsonValueKind.Number)
        {
            if (number.TryGetValue<long>(out var count) && count < 0)
            {
                errors.Invalid(field, count, "must be greater than or equal to 0");
            }

            return;
        }

        var text = value is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;
        if (text is null)
        {
            errors.InvalidRendered(field, value.ToJsonString(), "must be an integer or percentage (e.g '5%')");
        }
        else if (!IntOrPercent.TryPercent(text, out var percent))
        {
            errors.InvalidRendered(field, IntOrStringText(text),
                "a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or " +
                "'93%', regex used for validation is '[0-9]+%')");
        }
        else if (percent > 100)
        {
            errors.InvalidRendered(field, IntOrStringText(text), "must not be greater than 100%");
        }
    }

    // Go's %#v of an intstr.IntOrString holding a string.
    private static string IntOrStringText(string text) =>
        $"intstr.IntOrString{{Type:1, IntVal:0, StrVal:{FieldErrors.Quote(text)}}}";

    private static string SpecText(JsonObject spec)
    {
        static string Value(JsonNode? node) => node switch
        {
            null => "nil",
            JsonValue v when v.GetValueKind() == JsonValueKind.String => FieldErrors.Quote(v.GetValue<string>()),
            _ => node.ToJsonString(),
        };

        return string.Create(CultureInfo.InvariantCulture,
            $"policy.PodDisruptionBudgetSpec{{MinAvailable:{Value(spec["minAvailable"])}, " +
            $"MaxUnavailable:{Value(spec["maxUnavailable"])}}}");
    }
}
