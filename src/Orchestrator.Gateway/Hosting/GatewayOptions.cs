using System.Net;

namespace Orchestrator.Gateway.Hosting;

/// <summary>
/// The gateway's settings. Read from configuration by <see cref="Read"/>: <c>Orchestrator:DataDirectory</c>,
/// <c>Orchestrator:Region</c>, <c>Gateway:Port</c>, <c>Gateway:IngressPort</c>, <c>Gateway:Address</c>,
/// <c>Gateway:ControlPlanes</c> and <c>Gateway:ExtraNames</c> (lists may be arrays or comma-separated strings).
/// </summary>
public sealed class GatewayOptions
{
    /// <summary>Where the certificates, the admin token and the shared identity key live.</summary>
    public required string DataDirectory { get; init; }

    /// <summary>The region whose control planes the gateway fronts; names the kubeconfig entries.</summary>
    public string Region { get; init; } = "local";

    /// <summary>The address the HTTPS endpoint listens on; null listens on every interface.</summary>
    public IPAddress? Address { get; init; }

    /// <summary>The HTTPS port.</summary>
    public int Port { get; init; } = 6443;

    /// <summary>
    /// The plain-HTTP port of the ingress listener, which serves Ingress rules to the Services' endpoints; 0 turns
    /// off the whole load-balancer role (the ingress listener and the listeners of LoadBalancer and NodePort
    /// Services).
    /// </summary>
    public int IngressPort { get; init; }

    /// <summary>
    /// The address written into the status of Ingresses and LoadBalancer Services: <c>Gateway:AdvertisedAddress</c>,
    /// else the listening address, else the machine's first IPv4 address that is not loopback.
    /// </summary>
    public string AdvertisedAddress { get; init; } = "127.0.0.1";

    /// <summary>The control planes' plain-HTTP base addresses, for example <c>http://127.0.0.1:8081</c>.</summary>
    public required IReadOnlyList<Uri> ControlPlanes { get; init; }

    /// <summary>DNS names and IP addresses to add to the serving certificate besides the defaults.</summary>
    public IReadOnlyList<string> ExtraNames { get; init; } = [];

    /// <summary>
    /// Reads the options; throws one <see cref="InvalidOperationException"/> naming every invalid setting.
    /// </summary>
    public static GatewayOptions Read(IConfiguration configuration)
    {
        var errors = new List<string>();

        var port = configuration.GetValue("Gateway:Port", 6443);
        if (port is < 1 or > 65535)
        {
            errors.Add($"Gateway:Port is {port}; it must be between 1 and 65535");
        }

        var ingressPort = configuration.GetValue("Gateway:IngressPort", 0);
        if (ingressPort is < 0 or > 65535 || (ingressPort != 0 && ingressPort == port))
        {
            errors.Add($"Gateway:IngressPort is {ingressPort}; it must be between 1 and 65535 (0 for none) and " +
                "differ from Gateway:Port");
        }

        IPAddress? address = null;
        var addressText = configuration["Gateway:Address"];
        if (!string.IsNullOrEmpty(addressText) && !IPAddress.TryParse(addressText, out address))
        {
            errors.Add($"Gateway:Address is '{addressText}'; it must be an IP address (or empty for every interface)");
        }

        var controlPlanes = new List<Uri>();
        var controlPlaneTexts = ReadList(configuration, "Gateway:ControlPlanes");
        foreach (var text in controlPlaneTexts.Count == 0 ? ["http://127.0.0.1:8081"] : controlPlaneTexts)
        {
            if (Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
                && uri.AbsolutePath == "/" && string.IsNullOrEmpty(uri.Query))
            {
                controlPlanes.Add(uri);
            }
            else
            {
                errors.Add($"Gateway:ControlPlanes has '{text}'; each must be an http(s) address with no path");
            }
        }

        if (errors.Count > 0)
        {
            throw new InvalidOperationException("Invalid gateway settings: " + string.Join("; ", errors));
        }

        var dataDirectory = configuration["Orchestrator:DataDirectory"];
        return new GatewayOptions
        {
            DataDirectory = Path.GetFullPath(
                string.IsNullOrEmpty(dataDirectory) ? ".orchestrator" : dataDirectory),
            Region = configuration["Orchestrator:Region"] is { Length: > 0 } region ? region : "local",
            Address = address,
            Port = port,
            IngressPort = ingressPort,
            AdvertisedAddress = configuration["Gateway:AdvertisedAddress"] is { Length: > 0 } advertised
                ? advertised
                : address is not null && !address.Equals(IPAddress.Any) ? address.ToString() : MachineAddress(),
            ControlPlanes = controlPlanes,
            ExtraNames = ReadList(configuration, "Gateway:ExtraNames"),
        };
    }

    private static string MachineAddress() =>
        System.Net.NetworkInformation.NetworkInterface.GetAllNetworkInterfaces()
            .Where(n => n.OperationalStatus == System.Net.NetworkInformation.OperationalStatus.Up)
            .SelectMany(n => n.GetIPProperties().UnicastAddresses)
            .Select(a => a.Address)
            .FirstOrDefault(a => a.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork &&
                !IPAddress.IsLoopback(a))?.ToString() ?? "127.0.0.1";

    private static List<string> ReadList(IConfiguration configuration, string key)
    {
        var section = configuration.GetSection(key);
        var values = section.Value is { } single
            ? single.Split(',')
            : section.GetChildren().Select(child => child.Value ?? "");
        return values.Select(value => value.Trim()).Where(value => value.Length > 0).ToList();
    }
}
