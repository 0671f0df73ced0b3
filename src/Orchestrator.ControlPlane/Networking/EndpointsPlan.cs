using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Orchestrator.Api.Objects;

namespace Orchestrator.ControlPlane.Networking;

/// <summary>
/// What a Service's Endpoints and EndpointSlices should hold, as Kubernetes' endpoints and endpointslice
/// controllers compute it: every pod of the namespace that the selector matches, has an IP and has not finished;
/// ready pods as addresses, the others as not-ready addresses (ready when the Service publishes not-ready
/// addresses); each service port resolved against the pod (a named targetPort through the containers' ports), and
/// pods grouped by the ports they resolve to. Pure: the caller reads and writes the store.
/// </summary>
public static class EndpointsPlan
{
    /// <summary>The label naming a slice's Service.</summary>
    public const string ServiceNameLabel = "kubernetes.io/service-name";

    /// <summary>The label naming the controller that manages a slice.</summary>
    public const string ManagedByLabel = "endpointslice.kubernetes.io/managed-by";

    /// <summary>The controller name slices made here carry.</summary>
    public const string ManagedBy = "endpointslice-controller.k8s.io";

    private const string HeadlessLabel = "service.kubernetes.io/headless";
    private const int MaxEndpointsPerSlice = 100;

    /// <summary>
    /// The desired Endpoints and EndpointSlices of a Service, or null when the Service's endpoints are not the
    /// controller's business (no selector, or an ExternalName Service).
    /// </summary>
    public static ServiceEndpoints? For(JsonObject service, IEnumerable<JsonObject> podsOfNamespace)
    {
        var spec = service.ObjectAt("spec");
        var selector = spec.StringMapAt("selector");
        if (selector.Count == 0 || spec.StringAt("type") == "ExternalName")
        {
            return null;
        }

        var publishNotReady = spec.BooleanAt("publishNotReadyAddresses") == true;
        var servicePorts = spec.ObjectsAt("ports").ToList();
        var groups = new SortedDictionary<string, PortGroup>(StringComparer.Ordinal);
        foreach (var pod in podsOfNamespace.Where(p => Selects(selector, p) && HasAddress(p)))
        {
            var ports = ResolvePorts(servicePorts, pod);
            if (ports is null)
            {
                continue;
            }

            var signature = string.Join(",", ports.Select(p => p.ToJsonString()));
            if (!groups.TryGetValue(signature, out var group))
            {
                group = new PortGroup(signature, ports);
                groups.Add(signature, group);
            }

            group.Pods.Add(pod);
        }

        var labels = Labels(service);
        return new ServiceEndpoints(
            EndpointsObject(service, labels, groups.Values, publishNotReady),
            SlicesOf(service, labels, groups.Values, publishNotReady));
    }

    /// <summary>Whether every pair of the Service's selector is among the pod's labels.</summary>
    public static bool Selects(IReadOnlyList<KeyValuePair<string, string>> selector, JsonObject pod)
    {
        var labels = pod.ObjectAt("metadata").ObjectAt("labels");
        return selector.All(pair => labels.StringAt(pair.Key) == pair.Value);
    }

    /// <summary>Whether the pod's endpoints are kept and ready, as Kubernetes judges both.</summary>
    public static (bool Kept, bool Ready) Judge(JsonObject pod, bool publishNotReady)
    {
        var terminating = pod.ObjectAt("metadata")?["deletionTimestamp"] is not null;
        if (!HasAddress(pod) || (terminating && !publishNotReady))
        {
            return (false, false);
        }

        return (true, publishNotReady || IsReady(pod));
    }

    private static bool HasAddress(JsonObject pod)
    {
        var status = pod.ObjectAt("status");
        return !string.IsNullOrEmpty(status.StringAt("podIP")) &&
            status.StringAt("phase") is not ("Succeeded" or "Failed");
    }

    private static bool IsReady(JsonObject pod) =>
        pod.ObjectAt("status").ObjectsAt("conditions")
            .Any(c => c.StringAt("type") == "Ready" && c.StringAt("status") == "True");

    // The endpoint ports of a pod for the Service's ports; null when the Service has ports none of which resolve.
    private static List<JsonObject>? ResolvePorts(List<JsonObject> servicePorts, JsonObject pod)
    {
        var resolved = new List<JsonObject>();
        foreach (var port in servicePorts)
        {
            if (TargetPort(port, pod) is not { } number)
            {
                continue;
            }

            var endpointPort = new JsonObject();
            if (port.StringAt("name") is { Length: > 0 } name)
            {
                endpointPort["name"] = name;
            }

            endpointPort["port"] = number;
            endpointPort["protocol"] = port.StringAt("protocol") ?? "TCP";
            if (port.StringAt("appProtocol") is { } appProtocol)
            {
                endpointPort["appProtocol"] = appProtocol;
            }

            resolved.Add(endpointPort);
        }

        return servicePorts.Count > 0 && resolved.Count == 0 ? null : resolved;
    }

    private static long? TargetPort(JsonObject servicePort, JsonObject pod)
    {
        var target = servicePort["targetPort"];
        if (JsonObjectReading.AsInteger(target) is { } number && number > 0)
        {
            return number;
        }

        if (target is JsonValue value && value.TryGetValue<string>(out var name) && name.Length > 0)
        {
            var protocol = servicePort.StringAt("protocol") ?? "TCP";
            return pod.ObjectAt("spec").ObjectsAt("containers").SelectMany(c => c.ObjectsAt("ports"))
                .FirstOrDefault(p => p.StringAt("name") == name && (p.StringAt("protocol") ?? "TCP") == protocol)
                .IntegerAt("containerPort");
        }

        return servicePort.IntegerAt("port");
    }

    private static JsonObject Labels(JsonObject service)
    {
        var labels = service.ObjectAt("metadata").ObjectAt("labels")?.DeepClone() as JsonObject ?? new JsonObject();
        if (service.ObjectAt("spec").StringAt("clusterIP") == "None")
        {
            labels[HeadlessLabel] = "";
        }

        return labels;
    }

    private static JsonObject EndpointsObject(
        JsonObject service, JsonObject labels, IEnumerable<PortGroup> groups, bool publishNotReady)
    {
        var metadata = service.ObjectAt("metadata");
        var subsets = new JsonArray();
        foreach (var group in groups)
        {
            var ready = new JsonArray();
            var notReady = new JsonArray();
            foreach (var pod in group.Pods.OrderBy(p => p.ObjectAt("status").StringAt("podIP"), StringComparer.Ordinal))
            {
                var (kept, isReady) = Judge(pod, publishNotReady);
                if (kept)
                {
                    (isReady ? ready : notReady).Add(Address(pod));
                }
            }

            if (ready.Count == 0 && notReady.Count == 0)
            {
                continue;
            }

            var subset = new JsonObject();
            if (ready.Count > 0)
            {
                subset["addresses"] = ready;
            }

            if (notReady.Count > 0)
            {
                subset["notReadyAddresses"] = notReady;
            }

            if (group.Ports.Count > 0)
            {
                subset["ports"] = new JsonArray(group.Ports.Select(p => (JsonNode)p.DeepClone()).ToArray());
            }

            subsets.Add(subset);
        }

        var endpoints = new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Endpoints",
            ["metadata"] = new JsonObject
            {
                ["name"] = metadata.StringAt("name"),
                ["namespace"] = metadata.StringAt("namespace"),
                ["labels"] = labels.DeepClone(),
            },
        };
        if (subsets.Count > 0)
        {
            endpoints["subsets"] = subsets;
        }

        return endpoints;
    }

    private static JsonObject Address(JsonObject pod)
    {
        var metadata = pod.ObjectAt("metadata");
        var address = new JsonObject { ["ip"] = pod.ObjectAt("status").StringAt("podIP") };
        if (pod.ObjectAt("spec").StringAt("nodeName") is { Length: > 0 } node)
        {
            address["nodeName"] = node;
        }

        address["targetRef"] = TargetRef(metadata);
        return address;
    }

    private static JsonObject TargetRef(JsonObject? podMetadata) => new()
    {
        ["kind"] = "Pod",
        ["namespace"] = podMetadata.StringAt("namespace"),
        ["name"] = podMetadata.StringAt("name"),
        ["uid"] = podMetadata.StringAt("uid"),
    };

    private static List<JsonObject> SlicesOf(
        JsonObject service, JsonObject labels, IEnumerable<PortGroup> groups, bool publishNotReady)
    {
        var metadata = service.ObjectAt("metadata");
        var serviceName = metadata.StringAt("name") ?? "";
        var sliceLabels = (JsonObject)labels.DeepClone();
        sliceLabels[ServiceNameLabel] = serviceName;
        sliceLabels[ManagedByLabel] = ManagedBy;
        var slices = new List<JsonObject>();
        foreach (var group in groups)
        {
            // Terminating pods stay in slices, marked so; Endpoints leave them out.
            var endpoints = group.Pods
                .OrderBy(p => p.ObjectAt("status").StringAt("podIP"), StringComparer.Ordinal)
                .Select(p => SliceEndpoint(p, publishNotReady))
                .Chunk(MaxEndpointsPerSlice);
            var index = 0;
            foreach (var chunk in endpoints)
            {
                slices.Add(Slice(service, SliceName(serviceName, group.Signature, index++), sliceLabels, group.Ports,
                    chunk));
            }
        }

        if (slices.Count == 0)
        {
            // Kubernetes keeps one empty slice so clients see the Service has no endpoints.
            slices.Add(Slice(service, SliceName(serviceName, "", 0), sliceLabels, [], []));
        }

        return slices;
    }

    private static JsonObject SliceEndpoint(JsonObject pod, bool publishNotReady)
    {
        var terminating = pod.ObjectAt("metadata")?["deletionTimestamp"] is not null;
        var serving = publishNotReady || IsReady(pod);
        var endpoint = new JsonObject
        {
            ["addresses"] = new JsonArray(pod.ObjectAt("status").StringAt("podIP")),
            ["conditions"] = new JsonObject
            {
                ["ready"] = serving && !terminating,
                ["serving"] = serving,
                ["terminating"] = terminating,
            },
        };
        if (pod.ObjectAt("spec").StringAt("nodeName") is { Length: > 0 } node)
        {
            endpoint["nodeName"] = node;
        }

        endpoint["targetRef"] = TargetRef(pod.ObjectAt("metadata"));
        return endpoint;
    }

    private static JsonObject Slice(
        JsonObject service, string name, JsonObject labels, IReadOnlyList<JsonObject> ports,
        IReadOnlyList<JsonObject> endpoints)
    {
        var metadata = service.ObjectAt("metadata");
        return new JsonObject
        {
            ["apiVersion"] = "discovery.k8s.io/v1",
            ["kind"] = "EndpointSlice",
            ["metadata"] = new JsonObject
            {
                ["name"] = name,
                ["namespace"] = metadata.StringAt("namespace"),
                ["labels"] = labels.DeepClone(),
                ["ownerReferences"] = new JsonArray(new JsonObject
                {
                    ["apiVersion"] = "v1",
                    ["kind"] = "Service",
                    ["name"] = metadata.StringAt("name"),
                    ["uid"] = metadata.StringAt("uid"),
                    ["controller"] = true,
                    ["blockOwnerDeletion"] = true,
                }),
            },
            ["addressType"] = "IPv4",
            ["endpoints"] = new JsonArray(endpoints.Select(e => (JsonNode)e).ToArray()),
            ["ports"] = new JsonArray(ports.Select(p => (JsonNode)p.DeepClone()).ToArray()),
        };
    }

    // Stable names, so a slice is updated in place: the Service's name and a short hash of the port group.
    private static string SliceName(string service, string signature, int index)
    {
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(signature)))[..5];
        var suffix = index == 0 ? hash : $"{hash}-{index.ToString(CultureInfo.InvariantCulture)}";
        var prefix = service.Length > 63 - suffix.Length - 1 ? service[..(63 - suffix.Length - 1)] : service;
        return $"{prefix}-{suffix}";
    }

    private sealed record PortGroup(string Signature, List<JsonObject> Ports)
    {
        public List<JsonObject> Pods { get; } = [];
    }
}
