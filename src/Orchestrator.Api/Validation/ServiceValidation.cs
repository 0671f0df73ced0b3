using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Orchestrator.Api.Objects;

namespace Orchestrator.Api.Validation;

/// <summary>Services (type, ports, selector, the cluster IP fixed once set) and Endpoints.</summary>
internal static class ServiceValidation
{
    private static readonly string[] Protocols = ["SCTP", "TCP", "UDP"];

    public static void Validate(JsonObject service, JsonObject? old, FieldErrors errors)
    {
        var spec = service.ObjectAt("spec");
        var type = spec.StringAt("type") ?? "";
        PodValidation.ValidateChoice(spec, "type", "spec", errors, "ClusterIP", "ExternalName", "LoadBalancer",
            "NodePort");
        PodValidation.ValidateChoice(spec, "sessionAffinity", "spec", errors, "ClientIP", "None");

        var clusterIp = spec.StringAt("clusterIP") ?? "";
        var headless = clusterIp == "None";
        var ports = spec.ObjectsAt("ports").ToList();
        if (ports.Count == 0 && !headless && type != "ExternalName")
        {
            errors.Required("spec.ports");
        }

        if (type == "ExternalName" && string.IsNullOrEmpty(spec.StringAt("externalName")))
        {
            errors.Required("spec.externalName");
        }

        if (clusterIp.Length > 0 && !headless && !IPAddress.TryParse(clusterIp, out _))
        {
            errors.Invalid("spec.clusterIPs[0]", clusterIp,
                "must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)");
        }

        ValidatePorts(ports, type, errors);
        MetadataValidation.ValidateLabels(spec, "selector", "spec.selector", errors);

        var oldClusterIp = old.ObjectAt("spec").StringAt("clusterIP") ?? "";
        if (old is not null && oldClusterIp.Length > 0 && clusterIp.Length > 0 && clusterIp != oldClusterIp &&
            type != "ExternalName")
        {
            var clusterIps = (spec.ArrayAt("clusterIPs") ?? []).Select(n => n?.GetValue<string>() ?? "").ToList();
            errors.InvalidRendered("spec.clusterIPs[0]", GoValueText.Strings(clusterIps.Count > 0 ? clusterIps :
                [clusterIp]), "may not change once set");
        }
    }

    public static void ValidateEndpoints(JsonObject endpoints, FieldErrors errors)
    {
        var subsetIndex = 0;
        foreach (var subset in endpoints.ObjectsAt("subsets"))
        {
            var path = $"subsets[{subsetIndex++}]";
            var addressIndex = 0;
            foreach (var address in subset.ObjectsAt("addresses"))
            {
                var ip = address.StringAt("ip") ?? "";
                if (!IPAddress.TryParse(ip, out _))
                {
                    errors.Invalid($"{path}.addresses[{addressIndex}].ip", ip,
                        "must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)");
                }

                addressIndex++;
            }

            var portIndex = 0;
            foreach (var port in subset.ObjectsAt("ports"))
            {
                var portPath = $"{path}.ports[{portIndex++}]";
                var number = port.IntegerAt("port") ?? 0;
                foreach (var message in NameRules.PortNumber(number))
                {
                    errors.Invalid(portPath + ".port", number, message);
                }

                PodValidation.ValidateChoice(port, "protocol", portPath, errors, Protocols);
            }
        }
    }

    private static void ValidatePorts(List<JsonObject> ports, string type, FieldErrors errors)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        var keys = new HashSet<(long, string)>();
        for (var i = 0; i < ports.Count; i++)
        {
            var port = ports[i];
            var path = $"spec.ports[{i}]";
            var name = port.StringAt("name") ?? "";
            if (name.Length == 0 && ports.Count > 1)
            {
                errors.Required(path + ".name");
            }
            else if (name.Length > 0)
            {
                var messages = NameRules.Dns1123Label(name);
                foreach (var message in messages)
                {
                    errors.Invalid(path + ".name", name, message);
                }

                if (messages.Count == 0 && !names.Add(name))
                {
                    errors.Duplicate(path + ".name", name);
                }
            }

            var number = port.IntegerAt("port") ?? 0;
            foreach (var message in NameRules.PortNumber(number))
            {
                errors.Invalid(path + ".port", number, message);
            }

            PodValidation.ValidateChoice(port, "protocol", path, errors, Protocols);
            ValidateTargetPort(port, path + ".targetPort", errors);

            var nodePort = port.IntegerAt("nodePort") ?? 0;
            if (nodePort != 0 && type == "ClusterIP")
            {
                errors.Forbidden(path + ".nodePort", "may not be used when `type` is 'ClusterIP'");
            }

            var protocol = port.StringAt("protocol") ?? "";
            if (!keys.Add((number, protocol)))
            {
                errors.DuplicateRendered(path, string.Create(CultureInfo.InvariantCulture,
                    $"core.ServicePort{{Name:\"\", Protocol:{FieldErrors.Quote(protocol)}, " +
                    $"AppProtocol:(*string)(nil), " +
                    $"Port:{number}, TargetPort:intstr.IntOrString{{Type:0, IntVal:0, StrVal:\"\"}}, NodePort:0}}"));
            }
        }
    }

    private static void ValidateTargetPort(JsonObject port, string path, FieldErrors errors)
    {
        switch (port["targetPort"])
        {
            case JsonValue value when JsonObjectReading.AsInteger(value) is { } number:
                foreach (var message in NameRules.PortNumber(number))
                {
                    errors.Invalid(path, number, message);
                }

                break;
            case JsonValue value when port.StringAt("targetPort") is { } name:
                foreach (var message in NameRules.PortName(name))
                {
                    errors.Invalid(path, name, message);
                }

                break;
        }
    }
}
