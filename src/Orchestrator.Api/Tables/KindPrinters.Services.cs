using System.Text.Json.Nodes;
using Orchestrator.Api.Objects;

namespace Orchestrator.Api.Tables;

internal static partial class KindPrinters
{
    private const int EndpointsShown = 3;

    private static JsonArray ServiceCells(JsonObject service, DateTimeOffset now)
    {
        var spec = service.ObjectAt("spec");
        var clusterIp = spec.ArrayAt("clusterIPs")?.FirstOrDefault()?.GetValue<string>()
            ?? spec.StringAt("clusterIP");
        var ports = string.Join(",", spec.ObjectsAt("ports").Select(p =>
            (p.IntegerAt("nodePort") ?? 0) > 0
                ? $"{p.IntegerAt("port") ?? 0}:{p.IntegerAt("nodePort")}/{p.StringAt("protocol")}"
                : $"{p.IntegerAt("port") ?? 0}/{p.StringAt("protocol")}"));
        return
        [
            NameOf(service),
            spec.StringAt("type") ?? "",
            string.IsNullOrEmpty(clusterIp) ? "<none>" : clusterIp,
            ExternalIp(service),
            ports.Length == 0 ? "<none>" : ports,
            AgeOf(service, now),
            LabelText.FormatLabels(spec, "selector"),
        ];
    }

    private static string ExternalIp(JsonObject service)
    {
        var spec = service.ObjectAt("spec");
        var externalIps = (spec.ArrayAt("externalIPs") ?? []).Select(n => n?.GetValue<string>() ?? "").ToList();
        switch (spec.StringAt("type"))
        {
            case "ClusterIP" or "NodePort":
                return externalIps.Count > 0 ? string.Join(",", externalIps) : "<none>";
            case "LoadBalancer":
                var ingress = service.ObjectAt("status").ObjectAt("loadBalancer").ObjectsAt("ingress")
                    .Select(i => i.StringAt("ip") is { Length: > 0 } ip ? ip : i.StringAt("hostname") ?? "")
                    .Where(a => a.Length > 0)
                    .Concat(externalIps)
                    .ToList();
                return ingress.Count > 0 ? string.Join(",", ingress) : "<pending>";
            case "ExternalName":
                return spec.StringAt("externalName") ?? "";
            default:
                return "<unknown>";
        }
    }

    private static JsonArray EndpointsCells(JsonObject endpoints, DateTimeOffset now)
    {
        var shown = new List<string>();
        var total = 0;
        foreach (var subset in endpoints.ObjectsAt("subsets"))
        {
            var addresses = subset.ObjectsAt("addresses").Select(a => a.StringAt("ip") ?? "").ToList();
            var ports = subset.ObjectsAt("ports").ToList();
            if (ports.Count == 0)
            {
                total += addresses.Count;
                shown.AddRange(addresses.Take(EndpointsShown - shown.Count));
                continue;
            }

            foreach (var port in ports)
            {
                total += addresses.Count;
                var number = port.IntegerAt("port") ?? 0;
                shown.AddRange(addresses.Take(EndpointsShown - shown.Count)
                    .Select(ip => ip.Contains(':') ? $"[{ip}]:{number}" : $"{ip}:{number}"));
            }
        }

        var text = string.Join(",", shown);
        if (total > EndpointsShown)
        {
            text = $"{text} + {total - EndpointsShown} more...";
        }

        return [NameOf(endpoints), text.Length == 0 ? "<none>" : text, AgeOf(endpoints, now)];
    }
}
