using System.Text.Json.Nodes;

namespace Orchestrator.Gateway.Ingress;

/// <summary>
/// The routing table the gateway's ingress listener serves, built from Ingresses, Services and EndpointSlices as
/// the Ingress specification reads them: a rule's host matches exactly or, as <c>*.example.com</c>, one label
/// deep; exact hosts win over wildcards, which win over rules without a host; then an Exact path wins, then the
/// longest Prefix path (matched element by element: <c>/app</c> takes <c>/app/x</c>, not <c>/apps</c>);
/// ImplementationSpecific paths are read as Prefix. An Ingress's defaultBackend takes what no rule took.
/// Immutable.
/// </summary>
public sealed class IngressTable
{
    private readonly IReadOnlyList<IngressRule> _rules;
    private readonly IReadOnlyList<IngressBackend> _defaults;

    private IngressTable(IReadOnlyList<IngressRule> rules, IReadOnlyList<IngressBackend> defaults)
    {
        _rules = rules;
        _defaults = defaults;
    }

    /// <summary>A table that routes nothing.</summary>
    public static IngressTable Empty { get; } = new([], []);

    /// <summary>Every rule of the table, in the order the Ingresses were given.</summary>
    public IReadOnlyList<IngressRule> Rules => _rules;

    /// <summary>Builds the table; rules naming a missing Service or port lead to a backend with no endpoints.</summary>
    public static IngressTable Build(
        IEnumerable<JsonObject> ingresses, IEnumerable<JsonObject> services, IEnumerable<JsonObject> slices)
    {
        var resolver = new BackendResolver(services, slices);
        var rules = new List<IngressRule>();
        var defaults = new List<IngressBackend>();
        foreach (var ingress in ingresses.OrderBy(Created, StringComparer.Ordinal))
        {
            var ns = ingress["metadata"]?["namespace"]?.GetValue<string>() ?? "";
            var spec = ingress["spec"] as JsonObject;
            if (spec?["defaultBackend"]?["service"] is JsonObject fallback)
            {
                defaults.Add(resolver.Resolve(ns, fallback));
            }

            foreach (var rule in (spec?["rules"] as JsonArray ?? []).OfType<JsonObject>())
            {
                var host = rule["host"]?.GetValue<string>() is { Length: > 0 } named ? named.ToLowerInvariant() : null;
                foreach (var path in (rule["http"]?["paths"] as JsonArray ?? []).OfType<JsonObject>())
                {
                    if (path["backend"]?["service"] is not JsonObject service)
                    {
                        continue;
                    }

                    var text = path["path"]?.GetValue<string>() is { Length: > 0 } given ? given : "/";
                    var exact = path["pathType"]?.GetValue<string>() == "Exact";
                    rules.Add(new IngressRule(host, exact ? text : text.TrimEnd('/'), exact,
                        resolver.Resolve(ns, service)));
                }
            }
        }

        return new IngressTable(rules, defaults);
    }

    /// <summary>
    /// The backend for a request's host (a port is ignored) and path, or null when nothing routes it.
    /// </summary>
    public IngressBackend? Match(string host, string path)
    {
        var name = StripPort(host).ToLowerInvariant();
        var byHost = new[]
        {
            _rules.Where(r => r.Host == name).ToList(),
            _rules.Where(r => r.Host is { } h && h.StartsWith("*.", StringComparison.Ordinal) &&
                WildcardMatches(h, name)).ToList(),
            _rules.Where(r => r.Host is null).ToList(),
        };
        foreach (var candidates in byHost)
        {
            if (candidates.FirstOrDefault(r => r.Exact && r.Path == path) is { } exact)
            {
                return exact.Backend;
            }

            var prefix = candidates.Where(r => !r.Exact && PrefixMatches(r.Path, path))
                .OrderByDescending(r => r.Path.Length).FirstOrDefault();
            if (prefix is not null)
            {
                return prefix.Backend;
            }
        }

        return _defaults.FirstOrDefault();
    }

    private static bool PrefixMatches(string prefix, string path) =>
        prefix.Length == 0 || path == prefix ||
        (path.StartsWith(prefix, StringComparison.Ordinal) && path[prefix.Length] == '/');

    // "*.example.com" matches "a.example.com", not "example.com" nor "a.b.example.com".
    private static bool WildcardMatches(string wildcard, string host)
    {
        var suffix = wildcard[1..];
        return host.EndsWith(suffix, StringComparison.Ordinal) && host.Length > suffix.Length &&
            !host[..^suffix.Length].Contains('.', StringComparison.Ordinal);
    }

    private static string StripPort(string host)
    {
        var colon = host.LastIndexOf(':');
        return colon > 0 && !host.EndsWith(']') ? host[..colon] : host;
    }

    private static string Created(JsonObject ingress) =>
        ingress["metadata"]?["creationTimestamp"]?.GetValue<string>() ?? "";
}
