using System.Text.Json.Nodes;
using Orchestrator.Api.Objects;

namespace Orchestrator.Api.Validation;

/// <summary>Pod specs, standalone or in a workload's template, and what an update may change in a pod.</summary>
internal static class PodValidation
{
    private const string UpdatableFields =
        "`spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`," +
        "`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` " +
        "(allow it to be set to 1 if it was previously negative)";

    private static readonly string[] Protocols = ["SCTP", "TCP", "UDP"];

    public static void ValidatePod(JsonObject pod, JsonObject? old, FieldErrors errors)
    {
        ValidatePodSpec(pod.ObjectAt("spec"), "spec", errors);
        if (old is not null)
        {
            ValidateSpecUpdate(pod.ObjectAt("spec"), old.ObjectAt("spec"), errors);
        }
    }

    public static void ValidatePodSpec(JsonObject? spec, string path, FieldErrors errors)
    {
        var volumes = ValidateVolumes(spec, path + ".volumes", errors);

        var containerNames = new HashSet<string>(StringComparer.Ordinal);
        ValidateContainers(spec, path, "initContainers", volumes, containerNames, errors);
        if (!spec.ObjectsAt("containers").Any())
        {
            errors.Required(path + ".containers");
        }

        ValidateContainers(spec, path, "containers", volumes, containerNames, errors);

        ValidateChoice(spec, "restartPolicy", path, errors, "Always", "OnFailure", "Never");
        ValidateChoice(spec, "dnsPolicy", path, errors, "ClusterFirstWithHostNet", "ClusterFirst", "Default", "None");

        if (spec.IntegerAt("activeDeadlineSeconds") is { } deadline && deadline is < 1 or > int.MaxValue)
        {
            errors.Invalid(path + ".activeDeadlineSeconds", deadline, "must be between 1 and 2147483647, inclusive");
        }

        MetadataValidation.ValidateLabels(spec, "nodeSelector", path + ".nodeSelector", errors);

        if (spec.StringAt("serviceAccountName") is { Length: > 0 } account)
        {
            foreach (var message in NameRules.Dns1123Subdomain(account))
            {
                errors.Invalid(path + ".serviceAccountName", account, message);
            }
        }

        foreach (var field in new[] { "hostname", "subdomain" })
        {
            if (spec.StringAt(field) is { Length: > 0 } value)
            {
                foreach (var message in NameRules.Dns1123Label(value))
                {
                    errors.Invalid($"{path}.{field}", value, message);
                }
            }
        }
    }

    /// <summary>
    /// A required field limited to a few values: Required when empty, NotSupported when unknown. Defaulting fills
    /// most of these before validation.
    /// </summary>
    public static void ValidateChoice(
        JsonObject? parent, string name, string path, FieldErrors errors, params string[] supported)
    {
        var value = parent.StringAt(name) ?? "";
        if (value.Length == 0)
        {
            errors.Required($"{path}.{name}");
        }
        else if (!supported.Contains(value))
        {
            errors.NotSupported($"{path}.{name}", value, supported);
        }
    }

    private static HashSet<string> ValidateVolumes(JsonObject? spec, string path, FieldErrors errors)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        var index = 0;
        foreach (var volume in spec.ObjectsAt("volumes"))
        {
            var volumePath = $"{path}[{index++}]";
            var name = volume.StringAt("name") ?? "";
            if (name.Length == 0)
            {
                errors.Required(volumePath + ".name");
            }
            else if (NameRules.Dns1123Label(name) is { Count: > 0 } messages)
            {
                foreach (var message in messages)
                {
                    errors.Invalid(volumePath + ".name", name, message);
                }
            }
            else if (!names.Add(name))
            {
                errors.Duplicate(volumePath + ".name", name);
            }

            if (!volume.Any(p => p.Key != "name"))
            {
                errors.Required(volumePath, "must specify a volume type");
            }
        }

        return names;
    }

    private static void ValidateContainers(
        JsonObject? spec, string specPath, string list, HashSet<string> volumes, HashSet<string> names,
        FieldErrors errors)
    {
        var index = 0;
        foreach (var container in spec.ObjectsAt(list))
        {
            var path = $"{specPath}.{list}[{index++}]";
            var name = container.StringAt("name") ?? "";
            if (name.Length == 0)
            {
                errors.Required(path + ".name");
            }
            else if (NameRules.Dns1123Label(name) is { Count: > 0 } messages)
            {
                foreach (var message in messages)
                {
                    errors.Invalid(path + ".name", name, message);
                }
            }
            else if (!names.Add(name))
            {
                errors.Duplicate(path + ".name", name);
            }

            var image = container.StringAt("image") ?? "";
            if (image.Length == 0)
            {
                errors.Required(path + ".image");
            }
            else if (image.Trim().Length != image.Length)
            {
                errors.Invalid(path + ".image", image, "must not have leading or trailing whitespace");
            }

            ValidateChoice(container, "imagePullPolicy", path, errors, "Always", "IfNotPresent", "Never");
            ValidateChoice(container, "terminationMessagePolicy", path, errors, "File", "FallbackToLogsOnError");
            if (list == "initContainers" && container.StringAt("restartPolicy") is { } restart && restart != "Always")
            {
                errors.NotSupported(path + ".restartPolicy", restart, "Always");
            }

            ValidatePorts(container, path + ".ports", errors);
            ValidateEnv(container, path + ".env", errors);
            ValidateMounts(container, path + ".volumeMounts", volumes, errors);
        }
    }

    private static void ValidatePorts(JsonObject container, string path, FieldErrors errors)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        var index = 0;
        foreach (var port in container.ObjectsAt("ports"))
        {
            var portPath = $"{path}[{index++}]";
            if (port.StringAt("name") is { Length: > 0 } name)
            {
                var messages = NameRules.PortName(name);
                foreach (var message in messages)
                {
                    errors.Invalid(portPath + ".name", name, message);
                }

                if (messages.Count == 0 && !names.Add(name))
                {
                    errors.Duplicate(portPath + ".name", name);
                }
            }

            var containerPort = port.IntegerAt("containerPort") ?? 0;
            if (containerPort == 0)
            {
                errors.Required(portPath + ".containerPort");
            }

            foreach (var message in containerPort == 0 ? [] : NameRules.PortNumber(containerPort))
            {
                errors.Invalid(portPath + ".containerPort", containerPort, message);
            }

            if (port.IntegerAt("hostPort") is { } hostPort and not 0)
            {
                foreach (var message in NameRules.PortNumber(hostPort))
                {
                    errors.Invalid(portPath + ".hostPort", hostPort, message);
                }
            }

            ValidateChoice(port, "protocol", portPath, errors, Protocols);
        }
    }

    private static void ValidateEnv(JsonObject container, string path, FieldErrors errors)
    {
        var index = 0;
        foreach (var variable in container.ObjectsAt("env"))
        {
            var variablePath = $"{path}[{index++}]";
            var name = variable.StringAt("name") ?? "";
            if (name.Length == 0)
            {
                errors.Required(variablePath + ".name");
            }
            else if (name.Any(c => c is < ' ' or > '~' or '='))
            {
                errors.Invalid(variablePath + ".name", name,
                    "a valid environment variable name must consist only of printable ASCII characters other than '='");
            }
        }
    }

    private static void ValidateMounts(JsonObject container, string path, HashSet<string> volumes, FieldErrors errors)
    {
        var mountPaths = new HashSet<string>(StringComparer.Ordinal);
        var index = 0;
        foreach (var mount in container.ObjectsAt("volumeMounts"))
        {
            var mountPath = $"{path}[{index++}]";
            var name = mount.StringAt("name") ?? "";
            if (name.Length == 0)
            {
                errors.Required(mountPath + ".name");
            }
            else if (!volumes.Contains(name))
            {
                errors.NotFound(mountPath + ".name", name);
            }

            var target = mount.StringAt("mountPath") ?? "";
            if (target.Length == 0)
            {
                errors.Required(mountPath + ".mountPath");
            }
            else if (!mountPaths.Add(target))
            {
                errors.Invalid(mountPath + ".mountPath", target, "must be unique");
            }
        }
    }

    /// <summary>
    /// A pod's spec is fixed once created except container images, activeDeadlineSeconds, added tolerations and
    /// removed scheduling gates. Anything else is one Forbidden error on <c>spec</c> naming the changed fields.
    /// </summary>
    private static void ValidateSpecUpdate(JsonObject? spec, JsonObject? oldSpec, FieldErrors errors)
    {
        if (spec is null || oldSpec is null)
        {
            return;
        }

        var allowed = spec.DeepClone().AsObject();
        foreach (var list in new[] { "containers", "initContainers" })
        {
            var oldContainers = oldSpec.ObjectsAt(list).ToList();
            var newContainers = allowed.ObjectsAt(list).ToList();
            for (var i = 0; i < Math.Min(oldContainers.Count, newContainers.Count); i++)
            {
                newContainers[i]["image"] = oldContainers[i]["image"]?.DeepClone();
            }
        }

        CopyFrom(oldSpec, allowed, "activeDeadlineSeconds");
        if (oldSpec.ArrayAt("tolerations") is { } oldTolerations &&
            oldTolerations.All(t => allowed.ArrayAt("tolerations")?.Any(n => JsonNode.DeepEquals(n, t)) == true))
        {
            CopyFrom(oldSpec, allowed, "tolerations");
        }
        else if (oldSpec.ArrayAt("tolerations") is null)
        {
            allowed.Remove("tolerations");
        }

        if (allowed.ArrayAt("schedulingGates") is { } gates &&
            gates.All(g => oldSpec.ArrayAt("schedulingGates")?.Any(o => JsonNode.DeepEquals(o, g)) == true))
        {
            CopyFrom(oldSpec, allowed, "schedulingGates");
        }

        if ((oldSpec.IntegerAt("terminationGracePeriodSeconds") ?? 0) < 0 &&
            allowed.IntegerAt("terminationGracePeriodSeconds") == 1)
        {
            CopyFrom(oldSpec, allowed, "terminationGracePeriodSeconds");
        }

        var changed = allowed.Select(p => p.Key).Union(oldSpec.Select(p => p.Key))
            .Where(key => !JsonNode.DeepEquals(allowed[key], oldSpec[key]))
            .Order(StringComparer.Ordinal)
            .ToList();
        if (changed.Count > 0)
        {
            errors.Forbidden("spec", $"pod updates may not change fields other than {UpdatableFields}\n" +
                string.Join("\n", changed.Select(key => $"  spec.{key}: changed")));
        }
    }

    private static void CopyFrom(JsonObject source, JsonObject target, string name)
    {
        if (source[name] is { } value)
        {
            target[name] = value.DeepClone();
        }
        else
        {
            target.Remove(name);
        }
    }
}
