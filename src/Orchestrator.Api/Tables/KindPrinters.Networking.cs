using System.Text.Json.Nodes;
using Orchestrator.Api.Objects;

namespace Orchestrator.Api.Tables;

internal static partial class KindPrinters
{
    private const int HostsShown = 3;

    private static IReadOnlyList<TableColumn> EndpointSliceColumns =>
    [
        Name,
        new("AddressType", "string", "The kind of addresses the slice holds."),
        new("Ports", "string", "The ports of the endpoints."),
        new("Endpoints", "string", "The addresses of the endpoints."),
        Age,
    ];

    private static IReadOnlyList<TableColumn> IngressColumns =>
    [
        Name,
        new("Class", "string", "The ingress class that serves the ingress."),
        new("Hosts", "string", "The host names the ingress answers for."),
        new("Address", "string", "The addresses the ingress is reachable at."),
        new("Ports", "string", "The ports the ingress listens on."),
        Age,
    ];

    private static JsonArray EndpointSliceCells(JsonObject slice, DateTimeOffset now)
    {
        var ports = slice.ObjectsAt("ports").Select(p => p.IntegerAt("port")?.ToString() ?? "<unset>").ToList();
        var addresses = slice.ObjectsAt("endpoints")
            .SelectMany(e => (e.ArrayAt("addresses") ?? []).Select(a => a?.GetValue<string>() ?? ""))
            .ToList();
        var shown = string.Join(",", addresses.Take(EndpointsShown));
        if (addresses.Count > EndpointsShown)
        {
            shown = $"{shown} + {addresses.Count - EndpointsShown} more...";
        }

        return
        [
            NameOf(slice),
            slice.StringAt("addressType") ?? "",
            ports.Count == 0 ? "<unset>" : string.Join(",", ports),
            addresses.Count == 0 ? "<unset>" : shown,
            AgeOf(slice, now),
        ];
    }

    private static JsonArray IpAddressCells(JsonObject address, DateTimeOffset now)
    {
        var parent = address.ObjectAt("spec").ObjectAt("parentRef");
        var text = "<none>";
        if (parent is not null)
        {
            var group = parent.StringAt("group") ?? "";
            text = (parent.StringAt("resource") ?? "") + (group.Length > 0 ? "." + group : "");
            text = text.ToLowerInvariant();
            if (parent.StringAt("namespace") is { Length: > 0 } ns)
            {
                text += "/" + ns;
            }

            text += "/" + parent.StringAt("name");
        }

        return [NameOf(address), text];
    }

    private static JsonArray IngressCells(JsonObject ingress, DateTimeOffset now)
    {
        var spec = ingress.ObjectAt("spec");
        var hosts = spec.ObjectsAt("rules").Select(r => r.StringAt("host") ?? "").Where(h => h.Length > 0).ToList();
        var hostText = hosts.Count == 0 ? "*" : string.Join(",", hosts.Take(HostsShown));
        if (hosts.Count > HostsShown)
        {
            hostText += $" + {hosts.Count - HostsShown} more...";
        }

        var addresses = ingress.ObjectAt("status").ObjectAt("loadBalancer").ObjectsAt("ingress")
            .Select(i => i.StringAt("ip") is { Length: > 0 } ip ? ip : i.StringAt("hostname") ?? "")
            .Where(a => a.Length > 0);
        return
        [
            NameOf(ingress),
            spec.StringAt("ingressClassName") ?? "<none>",
            hostText,
            string.Join(",", addresses),
            (spec.ArrayAt("tls")?.Count ?? 0) > 0 ? "80, 443" : "80",
            AgeOf(ingress, now),
        ];
    }
}
