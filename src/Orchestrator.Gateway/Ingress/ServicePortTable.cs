using System.Text.Json.Nodes;

namespace Orchestrator.Gateway.Ingress;

/// <summary>
/// The ports the gateway serves for Services, the load-balancer role: each port of a Service of type LoadBalancer
/// on its own number, and each node port of NodePort and LoadBalancer Services, to the ready endpoints of that
/// Service port. The first Service to claim a port keeps it; ports in <c>reserved</c> (the gateway's own) are
/// never given out. Immutable.
/// </summary>
public sealed class ServicePortTable
{
    private readonly IReadOnlyDictionary<int, IngressBackend> _byPort;

    private ServicePortTable(IReadOnlyDictionary<int, IngressBackend> byPort)
    {
        _byPort = byPort;
    }

    /// <summary>A table that serves no port.</summary>
    public static ServicePortTable Empty { get; } = new(new Dictionary<int, IngressBackend>());

    /// <summary>The ports served.</summary>
    public IReadOnlySet<int> Ports => _byPort.Keys.ToHashSet();

    /// <summary>Builds the table from Services and EndpointSlices.</summary>
    public static ServicePortTable Build(
        IEnumerable<JsonObject> services, IEnumerable<JsonObject> slices, IReadOnlySet<int> reserved)
    {
        var serviceList = services.OrderBy(Created, StringComparer.Ordinal).ToList();
        var resolver = new BackendResolver(serviceList, slices);
        var byPort = new Dictionary<int, IngressBackend>();
        foreach (var service in serviceList)
        {
            var ns = service["metadata"]?["namespace"]?.GetValue<string>() ?? "";
            var name = service["metadata"]?["name"]?.GetValue<string>() ?? "";
            var type = service["spec"]?["type"]?.GetValue<string>();
            foreach (var port in (service["spec"]?["ports"] as JsonArray ?? []).OfType<JsonObject>())
            {
                var backend = resolver.Resolve(ns, new JsonObject
                {
                    ["name"] = name,
                    ["port"] = new JsonObject { ["number"] = port["port"]?.DeepClone() },
                });
                if (type == "LoadBalancer")
                {
                    Claim(byPort, BackendResolver.Number(port["port"]), backend, reserved);
                }

                if (type is "LoadBalancer" or "NodePort")
                {
                    Claim(byPort, BackendResolver.Number(port["nodePort"]), backend, reserved);
                }
            }
        }

        return new ServicePortTable(byPort);
    }

    /// <summary>The backend served on a port, or null.</summary>
    public IngressBackend? On(int port) => _byPort.GetValueOrDefault(port);

    private static void Claim(
        Dictionary<int, IngressBackend> byPort, long? port, IngressBackend backend, IReadOnlySet<int> reserved)
    {
        if (port is > 0 and <= 65535 && !reserved.Contains((int)port.Value))
        {
            byPort.TryAdd((int)port.Value, backend);
        }
    }

    private static string Created(JsonObject service) =>
        service["metadata"]?["creationTimestamp"]?.GetValue<string>() ?? "";
}
