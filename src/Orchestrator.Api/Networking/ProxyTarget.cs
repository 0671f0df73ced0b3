namespace Orchestrator.Api.Networking;

/// <summary>
/// The name part of a proxy path, <c>[scheme:]name[:port]</c>, as Kubernetes reads it: a port alone after the
/// name, a scheme (http or https) before it when three parts are given.
/// </summary>
public sealed record ProxyTarget(string Scheme, string Name, string Port)
{
    /// <summary>Splits the name part of the path; the scheme defaults to http, the port to empty.</summary>
    public static ProxyTarget Parse(string text)
    {
        var parts = text.Split(':');
        return parts.Length switch
        {
            1 => new ProxyTarget("http", parts[0], ""),
            2 => new ProxyTarget("http", parts[0], parts[1]),
            _ => new ProxyTarget(parts[0] is "https" ? "https" : "http", parts[1], parts[2]),
        };
    }
}
