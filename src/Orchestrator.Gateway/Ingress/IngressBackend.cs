namespace Orchestrator.Gateway.Ingress;

/// <summary>
/// Where an ingress path leads: a Service port in a namespace and the addresses of its ready endpoints, as
/// <c>http://ip:port</c> prefixes; empty when the Service has none (the request gets 503).
/// </summary>
public sealed record IngressBackend(string Namespace, string Service, string Port, IReadOnlyList<string> Destinations);
