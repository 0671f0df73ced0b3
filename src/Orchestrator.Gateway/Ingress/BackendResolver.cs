using System.Globalization;
using System.Text.Json.Nodes;

namespace Orchestrator.Gateway.Ingress;

/// <summary>
/// Finds the ready endpoint addresses behind an Ingress backend (a Service and a port given by number or name):
/// the Service port, then the same-named port of the Service's EndpointSlices and their ready endpoints.
/// </summary>
internal sealed class BackendResolver
{
    private const string ServiceNameLabel = "kubernetes.io/service-name";

    private readonly Dictionary<(string Namespace, string Name), JsonObject> _services = [];
    private readonly Dictionary<(string Namespace, string Service), List<JsonObject>> _slices = [];

    public BackendResolver(IEnumerable<JsonObject> services, IEnumerable<JsonObject> slices)
    {
        foreach (var service in services)
        {
            _services[(Text(service["metadata"]?["namespace"]), Text(service["metadata"]?["name"]))] = service;
        }

        foreach (var slice in slices)
        {
            var key = (Text(slice["metadata"]?["namespace"]), Text(slice["metadata"]?["labels"]?[ServiceNameLabel]));
            if (!_slices.TryGetValue(key, out var list))
            {
                list = [];
                _slices[key] = list;
            }

            list.Add(slice);
        }
    }

    public IngressBackend Resolve(string ns, JsonObject backend)
    {
        var name = Text(backend["name"]);
        var number = Number(backend["port"]?["number"]);
        var portName = Text(backend["port"]?["name"]);
        var label = number is { } n ? n.ToString(CultureInfo.InvariantCulture) : portName;
        if (!_services.TryGetValue((ns, name), out var service))
        {
            return new IngressBackend(ns, name, label, []);
        }

        var servicePort = (service["spec"]?["ports"] as JsonArray ?? []).OfType<JsonObject>()
            .FirstOrDefault(p => number is { } wanted ? Number(p["port"]) == wanted : Text(p["name"]) == portName);
        if (servicePort is null)
        {
            return new IngressBackend(ns, name, label, []);
        }

        var endpointPortName = Text(servicePort["name"]);
        var destinations = new List<string>();
        foreach (var slice in _slices.GetValueOrDefault((ns, name)) ?? [])
        {
            var port = Number((slice["ports"] as JsonArray ?? []).OfType<JsonObject>()
                .FirstOrDefault(p => Text(p["name"]) == endpointPortName)?["port"]);
            if (port is null)
            {
                continue;
            }

            foreach (var endpoint in (slice["endpoints"] as JsonArray ?? []).OfType<JsonObject>())
            {
                if (endpoint["conditions"]?["ready"]?.GetValue<bool>() == false)
                {
                    continue;
                }

                destinations.AddRange((endpoint["addresses"] as JsonArray ?? [])
                    .Select(a => $"http://{Text(a)}:{port.Value.ToString(CultureInfo.InvariantCulture)}"));
            }
        }

        destinations.Sort(StringComparer.Ordinal);
        return new IngressBackend(ns, name, label, destinations.Distinct(StringComparer.Ordinal).ToList());
    }

    private static string Text(JsonNode? node) => node?.GetValue<string>() ?? "";

    public static long? Number(JsonNode? node) => node is JsonValue value
        ? value.TryGetValue<long>(out var wide) ? wide : value.TryGetValue<int>(out var narrow) ? narrow : null
        : null;
}
