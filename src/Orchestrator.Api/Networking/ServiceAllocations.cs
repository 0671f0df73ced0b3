using System.Globalization;
using System.Text.Json.Nodes;
using Orchestrator.Api.Objects;
using Orchestrator.Store.Objects;

namespace Orchestrator.Api.Networking;

/// <summary>What a Service holds of the service network, and where those holdings are kept in the store.</summary>
public static class ServiceAllocations
{
    /// <summary>The storage key of IPAddress objects (networking.k8s.io/v1), one per cluster IP taken.</summary>
    public const string IpAddresses = "networking.k8s.io/ipaddresses";

    /// <summary>The storage key of node-port records, one per node port taken; not served.</summary>
    public const string NodePorts = "orchestrator.io/nodeports";

    /// <summary>The key of the record holding a cluster IP.</summary>
    public static ObjectKey IpAddressKey(string ip) => new(IpAddresses, "", ip);

    /// <summary>The key of the record holding a node port.</summary>
    public static ObjectKey NodePortKey(int port) =>
        new(NodePorts, "", port.ToString(CultureInfo.InvariantCulture));

    /// <summary>Whether a Service of this spec gets node ports: NodePort, and LoadBalancer unless turned off.</summary>
    public static bool WantsNodePorts(JsonObject? spec) => spec.StringAt("type") switch
    {
        "NodePort" => true,
        "LoadBalancer" => spec.BooleanAt("allocateLoadBalancerNodePorts") ?? true,
        _ => false,
    };

    /// <summary>The cluster IPs a stored Service holds (none when headless or an ExternalName).</summary>
    public static IEnumerable<string> ClusterIpsOf(JsonObject? service)
    {
        var spec = service.ObjectAt("spec");
        if (spec.StringAt("type") == "ExternalName")
        {
            return [];
        }

        var ips = (spec.ArrayAt("clusterIPs") ?? []).Select(n => n?.GetValue<string>() ?? "")
            .Append(spec.StringAt("clusterIP") ?? "");
        return ips.Where(ip => ip.Length > 0 && ip != "None").Distinct(StringComparer.Ordinal);
    }

    /// <summary>The node ports a stored Service holds.</summary>
    public static IEnumerable<int> NodePortsOf(JsonObject? service) =>
        service.ObjectAt("spec").ObjectsAt("ports").Select(p => (int)(p.IntegerAt("nodePort") ?? 0))
            .Where(p => p > 0).Distinct();

    /// <summary>The "namespace/name" of the Service an IPAddress or node-port record belongs to.</summary>
    public static string? ParentOf(JsonObject record)
    {
        var parent = record.ObjectAt("spec").ObjectAt("parentRef");
        return parent.StringAt("resource") == "services"
            ? $"{parent.StringAt("namespace")}/{parent.StringAt("name")}"
            : null;
    }

    /// <summary>
    /// Keeps what a Service already holds when an update leaves it unset, as Kubernetes does: the cluster IPs
    /// while the Service stays a non-ExternalName one, and each port's node port (matched by port and protocol)
    /// while it keeps wanting node ports.
    /// </summary>
    public static void KeepHeld(JsonObject updated, JsonObject old)
    {
        var spec = updated.EnsureObject("spec");
        var oldSpec = old.ObjectAt("spec");
        var type = spec.StringAt("type") ?? "ClusterIP";
        if (type != "ExternalName" && oldSpec.StringAt("type") != "ExternalName" &&
            string.IsNullOrEmpty(spec.StringAt("clusterIP")) && oldSpec.StringAt("clusterIP") is { Length: > 0 } ip)
        {
            spec["clusterIP"] = ip;
            spec["clusterIPs"] = oldSpec?["clusterIPs"]?.DeepClone() ?? new JsonArray(ip);
        }

        if (!WantsNodePorts(spec))
        {
            return;
        }

        var oldPorts = oldSpec.ObjectsAt("ports").ToList();
        foreach (var port in spec.ObjectsAt("ports").Where(p => (p.IntegerAt("nodePort") ?? 0) == 0))
        {
            var match = oldPorts.FirstOrDefault(o => o.IntegerAt("port") == port.IntegerAt("port") &&
                (o.StringAt("protocol") ?? "TCP") == (port.StringAt("protocol") ?? "TCP"));
            if (match.IntegerAt("nodePort") is > 0 and var nodePort)
            {
                port["nodePort"] = nodePort;
            }
        }
    }
}
