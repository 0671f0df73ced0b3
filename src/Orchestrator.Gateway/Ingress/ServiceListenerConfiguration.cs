using System.Globalization;
using System.Net;

namespace Orchestrator.Gateway.Ingress;

/// <summary>
/// The configuration Kestrel reloads its service listeners from: one <c>Endpoints</c> entry per port the gateway
/// serves for Services of type LoadBalancer and NodePort. Replacing the ports raises a reload, and Kestrel binds
/// the new ports and unbinds the old ones while the gateway runs; the API and ingress listeners, bound in code, are
/// never touched by it.
/// </summary>
public sealed class ServiceListenerConfiguration : ConfigurationProvider, IConfigurationSource
{
    private readonly IPAddress? _address;
    private IReadOnlySet<int> _ports = new HashSet<int>();

    /// <summary>Listeners bind <paramref name="address"/>, or every interface when it is null.</summary>
    public ServiceListenerConfiguration(IPAddress? address)
    {
        _address = address;
    }

    /// <summary>The ports listened on now.</summary>
    public IReadOnlySet<int> Ports => _ports;

    /// <inheritdoc/>
    public IConfigurationProvider Build(IConfigurationBuilder builder) => this;

    /// <summary>
    /// Listens on exactly <paramref name="ports"/>; does nothing when they are the ports already served.
    /// </summary>
    public void SetPorts(IReadOnlySet<int> ports)
    {
        if (ports.SetEquals(_ports))
        {
            return;
        }

        var host = _address is null ? "*" : _address.ToString();
        var data = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var port in ports)
        {
            var name = "service-" + port.ToString(CultureInfo.InvariantCulture);
            data[$"Endpoints:{name}:Url"] = $"http://{host}:{port.ToString(CultureInfo.InvariantCulture)}";
            data[$"Endpoints:{name}:Protocols"] = "Http1";
        }

        Data = data;
        _ports = ports;
        OnReload();
    }
}
