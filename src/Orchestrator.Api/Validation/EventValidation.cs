using System.Text.Json.Nodes;
using Orchestrator.Api.Objects;
using Orchestrator.Api.Resources;

namespace Orchestrator.Api.Validation;

/// <summary>Events (the involved object's namespace; the reporting fields of new-style events) and Leases.</summary>
internal static class EventValidation
{
    public static void Validate(ResourceDefinition resource, JsonObject ev, FieldErrors errors)
    {
        var isEventsApi = resource.Group == "events.k8s.io";
        var involvedField = isEventsApi ? "regarding" : "involvedObject";
        var involvedNamespace = ev.ObjectAt(involvedField).StringAt("namespace") ?? "";
        var ns = ev.ObjectAt("metadata").StringAt("namespace") ?? "";
        var hasEventTime = ev.StringAt("eventTime") is { Length: > 0 };

        if (!hasEventTime)
        {
            var matches = involvedNamespace.Length == 0 ? ns is "" or "default" : ns == involvedNamespace;
            if (!matches)
            {
                errors.Invalid(involvedField + ".namespace", involvedNamespace, "does not match event.namespace");
            }

            if (isEventsApi)
            {
                errors.Required("eventTime");
            }

            return;
        }

        if (involvedNamespace.Length == 0 && ns is not ("default" or "kube-system"))
        {
            errors.Invalid(involvedField + ".namespace", involvedNamespace, "does not match event.namespace");
        }

        var controllerField = isEventsApi ? "reportingController" : "reportingComponent";
        var controller = ev.StringAt("reportingController") ?? "";
        if (controller.Length == 0)
        {
            errors.Required(controllerField);
        }

        foreach (var message in controller.Length == 0 ? [] : NameRules.QualifiedName(controller))
        {
            errors.Invalid(controllerField, controller, message);
        }

        foreach (var field in new[] { "reportingInstance", "action", "reason" })
        {
            if (string.IsNullOrEmpty(ev.StringAt(field)))
            {
                errors.Required(field);
            }
        }
    }

    public static void ValidateLease(JsonObject lease, FieldErrors errors)
    {
        var spec = lease.ObjectAt("spec");
        if (spec.IntegerAt("leaseDurationSeconds") is { } duration && duration <= 0)
        {
            errors.Invalid("spec.leaseDurationSeconds", duration, "must be greater than 0");
        }

        if (spec.IntegerAt("leaseTransitions") is { } transitions && transitions < 0)
        {
            errors.Invalid("spec.leaseTransitions", transitions, "must be greater than or equal to 0");
        }
    }
}
