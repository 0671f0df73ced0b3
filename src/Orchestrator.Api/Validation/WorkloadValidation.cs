using System.Text.Json.Nodes;
using Orchestrator.Api.Objects;

namespace Orchestrator.Api.Validation;

/// <summary>
/// Deployments and ReplicaSets: replicas, a selector that matches the template, and the pod template.
/// </summary>
internal static class WorkloadValidation
{
    private const string NonNegative = "must be greater than or equal to 0";

    public static void ValidateDeployment(JsonObject deployment, JsonObject? old, FieldErrors errors)
    {
        var spec = deployment.ObjectAt("spec");
        ValidateReplicatedSpec(spec, errors);

        var strategy = spec.ObjectAt("strategy");
        var strategyType = strategy.StringAt("type") ?? "";
        if (strategyType.Length == 0)
        {
            errors.Required("spec.strategy.type");
        }
        else if (strategyType is not ("Recreate" or "RollingUpdate"))
        {
            errors.NotSupported("spec.strategy.type", strategyType, "Recreate", "RollingUpdate");
        }
        else if (strategyType == "Recreate" && strategy.ObjectAt("rollingUpdate") is not null)
        {
            errors.Forbidden("spec.strategy.rollingUpdate", "may not be specified when strategy `type` is 'Recreate'");
        }

        NonNegativeField(spec, "revisionHistoryLimit", errors);
        if (spec.IntegerAt("progressDeadlineSeconds") is { } deadline)
        {
            NonNegativeField(spec, "progressDeadlineSeconds", errors);
            if (deadline <= (spec.IntegerAt("minReadySeconds") ?? 0))
            {
                errors.Invalid("spec.progressDeadlineSeconds", deadline, "must be greater than minReadySeconds");
            }
        }

        if (old is not null)
        {
            ImmutableSelector(spec, old.ObjectAt("spec"), errors);
        }
    }

    public static void ValidateReplicaSet(JsonObject replicaSet, JsonObject? old, FieldErrors errors)
    {
        var spec = replicaSet.ObjectAt("spec");
        ValidateReplicatedSpec(spec, errors);
        if (old is not null)
        {
            ImmutableSelector(spec, old.ObjectAt("spec"), errors);
        }
    }

    private static void ValidateReplicatedSpec(JsonObject? spec, FieldErrors errors)
    {
        NonNegativeField(spec, "replicas", errors);
        NonNegativeField(spec, "minReadySeconds", errors);

        var selector = spec.ObjectAt("selector");
        if (selector is null)
        {
            errors.Required("spec.selector");
        }
        else
        {
            MetadataValidation.ValidateLabels(selector, "matchLabels", "spec.selector.matchLabels", errors);
            ValidateExpressions(selector, errors);
            if (selector.StringMapAt("matchLabels").Count == 0 && !selector.ObjectsAt("matchExpressions").Any())
            {
                errors.InvalidRendered("spec.selector", GoValueText.LabelSelector(selector),
                    "empty selector is invalid for deployment");
            }
        }

        var template = spec.ObjectAt("template");
        if (template is null)
        {
            errors.Required("spec.template");
            return;
        }

        var templateMetadata = template.ObjectAt("metadata");
        if (selector is not null && !SelectorMatches(selector, templateMetadata))
        {
            errors.InvalidRendered("spec.template.metadata.labels", GoValueText.StringMap(templateMetadata, "labels"),
                "`selector` does not match template `labels`");
        }

        MetadataValidation.ValidateLabels(templateMetadata, "labels", "spec.template.metadata.labels", errors);
        var podSpec = template.ObjectAt("spec");
        PodValidation.ValidatePodSpec(podSpec, "spec.template.spec", errors);
        if (podSpec.StringAt("restartPolicy") is { Length: > 0 } restart && restart != "Always")
        {
            errors.NotSupported("spec.template.spec.restartPolicy", restart, "Always");
        }

        if (podSpec.IntegerAt("activeDeadlineSeconds") is not null)
        {
            errors.Forbidden("spec.template.spec.activeDeadlineSeconds",
                "activeDeadlineSeconds in ReplicaSet is not Supported");
        }
    }

    internal static void ValidateExpressions(JsonObject selector, FieldErrors errors)
    {
        var index = 0;
        foreach (var expression in selector.ObjectsAt("matchExpressions"))
        {
            var path = $"spec.selector.matchExpressions[{index++}]";
            var values = expression.ArrayAt("values")?.Count ?? 0;
            switch (expression.StringAt("operator") ?? "")
            {
                case "In" or "NotIn" when values == 0:
                    errors.Required(path + ".values", "must be specified when `operator` is 'In' or 'NotIn'");
                    break;
                case "Exists" or "DoesNotExist" when values > 0:
                    errors.Forbidden(path + ".values",
                        "may not be specified when `operator` is 'Exists' or 'DoesNotExist'");
                    break;
                case "In" or "NotIn" or "Exists" or "DoesNotExist":
                    break;
                case var other:
                    errors.Invalid(path + ".operator", other, "not a valid selector operator");
                    break;
            }

            foreach (var message in NameRules.QualifiedName(expression.StringAt("key") ?? ""))
            {
                errors.Invalid(path + ".key", expression.StringAt("key") ?? "", message);
            }
        }
    }

    /// <summary>Whether the selector's requirements all hold for the template's labels.</summary>
    private static bool SelectorMatches(JsonObject selector, JsonObject? templateMetadata)
    {
        var labels = templateMetadata.StringMapAt("labels").ToDictionary(p => p.Key, p => p.Value);
        foreach (var (key, value) in selector.StringMapAt("matchLabels"))
        {
            if (!labels.TryGetValue(key, out var actual) || actual != value)
            {
                return false;
            }
        }

        foreach (var expression in selector.ObjectsAt("matchExpressions"))
        {
            var key = expression.StringAt("key") ?? "";
            var values = (expression.ArrayAt("values") ?? []).Select(v => v?.GetValue<string>()).ToList();
            var present = labels.TryGetValue(key, out var actual);
            var holds = expression.StringAt("operator") switch
            {
                "In" => present && values.Contains(actual),
                "NotIn" => !present || !values.Contains(actual),
                "Exists" => present,
                "DoesNotExist" => !present,
                _ => false,
            };
            if (!holds)
            {
                return false;
            }
        }

        return true;
    }

    private static void ImmutableSelector(JsonObject? spec, JsonObject? oldSpec, FieldErrors errors)
    {
        var selector = spec.ObjectAt("selector");
        if (!JsonNode.DeepEquals(selector, oldSpec.ObjectAt("selector")))
        {
            errors.InvalidRendered("spec.selector", GoValueText.LabelSelector(selector), "field is immutable");
        }
    }

    private static void NonNegativeField(JsonObject? spec, string name, FieldErrors errors)
    {
        if (spec.IntegerAt(name) is { } value && value < 0)
        {
            errors.Invalid("spec." + name, value, NonNegative);
        }
    }
}
