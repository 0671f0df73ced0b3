using System.Text;
using System.Text.Json.Nodes;
using Orchestrator.NodeAgent.Cri.Api;

namespace Orchestrator.NodeAgent.Pods;

/// <summary>
/// A container's environment as kubelet builds it: <c>envFrom</c> (ConfigMaps and Secrets, with prefixes) first,
/// then <c>env</c> (values with <c>$(VAR)</c> references expanded, fieldRef, configMapKeyRef, secretKeyRef), a later
/// variable replacing an earlier one of the same name. Pure: the ConfigMaps and Secrets are given.
/// </summary>
public static class ContainerEnvironment
{
    /// <summary>The store resource of ConfigMaps.</summary>
    public const string ConfigMaps = "configmaps";

    /// <summary>The store resource of Secrets.</summary>
    public const string Secrets = "secrets";

    /// <summary>The ConfigMaps and Secrets a container's environment reads, as (resource, name).</summary>
    public static IEnumerable<(string Resource, string Name)> References(JsonObject container)
    {
        foreach (var source in PodJson.Objects(container["envFrom"]))
        {
            if (PodJson.Text(source["configMapRef"]?["name"]) is { } configMap)
            {
                yield return (ConfigMaps, configMap);
            }

            if (PodJson.Text(source["secretRef"]?["name"]) is { } secret)
            {
                yield return (Secrets, secret);
            }
        }

        foreach (var variable in PodJson.Objects(container["env"]))
        {
            if (PodJson.Text(variable["valueFrom"]?["configMapKeyRef"]?["name"]) is { } configMap)
            {
                yield return (ConfigMaps, configMap);
            }

            if (PodJson.Text(variable["valueFrom"]?["secretKeyRef"]?["name"]) is { } secret)
            {
                yield return (Secrets, secret);
            }
        }
    }

    /// <summary>
    /// The environment of <paramref name="container"/>; <paramref name="objects"/> holds the referenced ConfigMaps
    /// and Secrets that exist, by (resource, name). Throws <see cref="ContainerConfigException"/> when a reference
    /// that is not optional cannot be resolved.
    /// </summary>
    public static List<KeyValue> Build(
        JsonObject pod,
        JsonObject container,
        PodFieldValues fields,
        IReadOnlyDictionary<(string Resource, string Name), JsonObject> objects)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var order = new List<string>();
        void Set(string name, string value)
        {
            if (!values.ContainsKey(name))
            {
                order.Add(name);
            }

            values[name] = value;
        }

        foreach (var source in PodJson.Objects(container["envFrom"]))
        {
            var prefix = PodJson.Text(source["prefix"]) ?? "";
            var (resource, reference) = source["configMapRef"] is JsonObject c ? (ConfigMaps, c)
                : source["secretRef"] is JsonObject s ? (Secrets, s)
                : (null, null);
            if (resource is null || reference is null)
            {
                continue;
            }

            var name = PodJson.Text(reference["name"]) ?? "";
            if (!objects.TryGetValue((resource, name), out var obj))
            {
                if (PodJson.Bool(reference["optional"]))
                {
                    continue;
                }

                throw new ContainerConfigException($"{Kind(resource)} \"{name}\" not found");
            }

            foreach (var (key, value) in Data(resource, obj))
            {
                Set(prefix + key, value);
            }
        }

        foreach (var variable in PodJson.Objects(container["env"]))
        {
            var name = PodJson.Text(variable["name"]) ?? "";
            if (variable["valueFrom"] is JsonObject from)
            {
                if (Resolve(pod, from, fields, objects) is { } value)
                {
                    Set(name, value);
                }
            }
            else
            {
                Set(name, Expand(PodJson.Text(variable["value"]) ?? "", values));
            }
        }

        return order.Select(name => new KeyValue { Key = name, Value = values[name] }).ToList();
    }

    /// <summary>
    /// Replaces <c>$(NAME)</c> with the variable's value when it is defined, keeps it as written when not, and turns
    /// <c>$$</c> into <c>$</c>, as Kubernetes expands env values, commands and args.
    /// </summary>
    public static string Expand(string text, IReadOnlyDictionary<string, string> variables)
    {
        if (!text.Contains('$', StringComparison.Ordinal))
        {
            return text;
        }

        var result = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] != '$' || i + 1 >= text.Length)
            {
                result.Append(text[i]);
            }
            else if (text[i + 1] == '$')
            {
                result.Append('$');
                i++;
            }
            else if (text[i + 1] == '(' && text.IndexOf(')', i + 2) is var end and > 0)
            {
                var name = text[(i + 2)..end];
                result.Append(variables.TryGetValue(name, out var value) ? value : text[i..(end + 1)]);
                i = end;
            }
            else
            {
                result.Append(text[i]);
            }
        }

        return result.ToString();
    }

    private static string? Resolve(
        JsonObject pod,
        JsonObject from,
        PodFieldValues fields,
        IReadOnlyDictionary<(string Resource, string Name), JsonObject> objects)
    {
        if (from["fieldRef"] is JsonObject fieldRef)
        {
            var path = PodJson.Text(fieldRef["fieldPath"]) ?? "";
            return FieldValue(pod, path, fields)
                ?? throw new ContainerConfigException($"unsupported fieldRef fieldPath \"{path}\"");
        }

        if (from["resourceFieldRef"] is JsonObject)
        {
            // TODO: resourceFieldRef (limits and requests as numbers) is not resolved yet; the variable is left out.
            return null;
        }

        var (resource, reference) = from["configMapKeyRef"] is JsonObject c ? (ConfigMaps, c)
            : from["secretKeyRef"] is JsonObject s ? (Secrets, s)
            : (null, null);
        if (resource is null || reference is null)
        {
            return null;
        }

        var name = PodJson.Text(reference["name"]) ?? "";
        var key = PodJson.Text(reference["key"]) ?? "";
        var optional = PodJson.Bool(reference["optional"]);
        if (!objects.TryGetValue((resource, name), out var obj))
        {
            return optional ? null : throw new ContainerConfigException($"{Kind(resource)} \"{name}\" not found");
        }

        var data = Data(resource, obj).ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
        return data.TryGetValue(key, out var value) ? value
            : optional ? null
            : throw new ContainerConfigException(
                $"couldn't find key {key} in {Kind(resource)} {Namespace(pod)}/{name}");
    }

    private static string? FieldValue(JsonObject pod, string path, PodFieldValues fields)
    {
        var metadata = pod["metadata"] as JsonObject;
        return path switch
        {
            "metadata.name" => PodJson.Name(pod),
            "metadata.namespace" => PodJson.Namespace(pod),
            "metadata.uid" => PodJson.Uid(pod),
            "spec.nodeName" => fields.NodeName,
            "spec.serviceAccountName" => PodJson.Text(pod["spec"]?["serviceAccountName"]) ?? "",
            "status.podIP" => fields.PodIp,
            "status.podIPs" => fields.PodIp,
            "status.hostIP" => fields.HostIp,
            "status.hostIPs" => fields.HostIp,
            _ when MapEntry(path, "metadata.labels") is { } label =>
                PodJson.Text(metadata?["labels"]?[label]) ?? "",
            _ when MapEntry(path, "metadata.annotations") is { } annotation =>
                PodJson.Text(metadata?["annotations"]?[annotation]) ?? "",
            _ => null,
        };
    }

    // metadata.labels['app'] -> app
    private static string? MapEntry(string path, string map) =>
        path.StartsWith(map + "['", StringComparison.Ordinal) && path.EndsWith("']", StringComparison.Ordinal)
            ? path[(map.Length + 2)..^2]
            : null;

    private static IEnumerable<KeyValuePair<string, string>> Data(string resource, JsonObject obj)
    {
        foreach (var (key, value) in obj["data"] as JsonObject ?? [])
        {
            var text = PodJson.Text(value) ?? "";
            yield return KeyValuePair.Create(key, resource == Secrets ? Decode(text) : text);
        }
    }

    private static string Decode(string base64)
    {
        try
        {
            return Encoding.UTF8.GetString(Convert.FromBase64String(base64));
        }
        catch (FormatException)
        {
            return base64;
        }
    }

    private static string Kind(string resource) => resource == Secrets ? "secret" : "configmap";

    private static string Namespace(JsonObject pod) => PodJson.Namespace(pod);
}
