using System.Globalization;
using System.Text.Json.Nodes;
using Orchestrator.Api.Objects;

namespace Orchestrator.Api.Networking;

/// <summary>Where the services proxy sends a request: the Service port asked for and its ready endpoints.</summary>
public static class ServiceProxyRoutes
{
    /// <summary>
    /// The Service port named or numbered <paramref name="port"/>; with no port given, the Service's only port.
    /// Null when there is no such port.
    /// </summary>
    public static JsonObject? FindPort(JsonObject service, string port)
    {
        var ports = service.ObjectAt("spec").ObjectsAt("ports").ToList();
        if (port.Length == 0)
        {
            return ports.Count == 1 ? ports[0] : null;
        }

        return ports.FirstOrDefault(p => p.StringAt("name") == port) ??
            ports.FirstOrDefault(p => p.IntegerAt("port")?.ToString(CultureInfo.InvariantCulture) == port);
    }

    /// <summary>The <c>ip:port</c> of every ready endpoint of the slices for the given Service port.</summary>
    public static IReadOnlyList<string> ReadyAddresses(IEnumerable<JsonObject> slices, JsonObject servicePort)
    {
        var name = servicePort.StringAt("name") ?? "";
        var addresses = new List<string>();
        foreach (var slice in slices)
        {
            var port = slice.ObjectsAt("ports").FirstOrDefault(p => (p.StringAt("name") ?? "") == name)
                .IntegerAt("port");
            if (port is null)
            {
                continue;
            }

            foreach (var endpoint in slice.ObjectsAt("endpoints")
                .Where(e => e.ObjectAt("conditions").BooleanAt("ready") != false))
            {
                addresses.AddRange((endpoint.ArrayAt("addresses") ?? [])
                    .Select(a => $"{a?.GetValue<string>()}:{port.Value.ToString(CultureInfo.InvariantCulture)}"));
            }
        }

        return addresses;
    }
}
