using System.Globalization;
using System.Text.Json.Nodes;
using Orchestrator.Api.Objects;
using Orchestrator.Api.Server;
using Orchestrator.Api.Validation;
using Orchestrator.Store;
using Orchestrator.Store.Errors;
using Orchestrator.Store.Objects;

namespace Orchestrator.Api.Networking;

/// <summary>
/// Gives Services their cluster IP and node ports when they are written. Each address taken is an object of its
/// own, keyed by the address — an <c>IPAddress</c> of networking.k8s.io/v1 named by the IP, as Kubernetes keeps
/// them, and a node-port record named by the port — so the store's unique keys make two Services taking the same
/// address impossible, on any number of control-plane silos. What a Service no longer holds is released by the
/// control plane's repair pass (<see cref="ServiceAllocations"/> tells what a Service holds).
/// </summary>
public sealed class ServiceAddressAllocator(IObjectStore store, ServiceNetworkOptions options)
{
    private const int RandomAttempts = 16;

    private readonly (uint Network, int PrefixLength) _range = options.ParseRange();

    /// <summary>
    /// Takes what the Service needs and has not held before (<paramref name="old"/> is its stored state on an
    /// update): a cluster IP (given, or chosen at random in the range) unless it is headless or an ExternalName,
    /// and node ports for NodePort and LoadBalancer Services. Writes the chosen values into the Service and
    /// returns the keys of what it took, for <see cref="ReleaseAsync"/> when the Service is not stored after all.
    /// A given address outside its range, or held by another Service, is a 422 on the field, as Kubernetes words it.
    /// </summary>
    public async Task<IReadOnlyList<ObjectKey>> AllocateAsync(
        JsonObject service, JsonObject? old, CancellationToken cancellationToken)
    {
        var taken = new List<ObjectKey>();
        try
        {
            var spec = service.EnsureObject("spec");
            var parent = ParentOf(service);
            var type = spec.StringAt("type") ?? "ClusterIP";
            if (type != "ExternalName")
            {
                await AllocateClusterIpAsync(service, spec, old, parent, taken, cancellationToken);
            }

            if (ServiceAllocations.WantsNodePorts(spec))
            {
                await AllocateNodePortsAsync(service, spec, old, parent, taken, cancellationToken);
            }

            return taken;
        }
        catch
        {
            await ReleaseAsync(taken, CancellationToken.None);
            throw;
        }
    }

    /// <summary>Gives back what <see cref="AllocateAsync"/> took; an address already gone is fine.</summary>
    public async Task ReleaseAsync(IReadOnlyList<ObjectKey> taken, CancellationToken cancellationToken)
    {
        foreach (var key in taken)
        {
            try
            {
                await store.DeleteAsync(key, null, cancellationToken);
            }
            catch (ObjectNotFoundException)
            {
                // Already released.
            }
        }
    }

    private async Task AllocateClusterIpAsync(
        JsonObject service, JsonObject spec, JsonObject? old, JsonObject parent, List<ObjectKey> taken,
        CancellationToken cancellationToken)
    {
        var clusterIp = spec.StringAt("clusterIP") ?? "";
        if (clusterIp == "None")
        {
            spec["clusterIPs"] = new JsonArray("None");
            return;
        }

        if (clusterIp.Length > 0 && clusterIp == old.ObjectAt("spec").StringAt("clusterIP"))
        {
            return;
        }

        var key = clusterIp.Length == 0
            ? await ChooseClusterIpAsync(parent, cancellationToken)
            : await ClaimClusterIpAsync(service, clusterIp, parent, cancellationToken);
        taken.Add(key);
        spec["clusterIP"] = key.Name;
        spec["clusterIPs"] = new JsonArray(key.Name);
    }

    private async Task<ObjectKey> ChooseClusterIpAsync(JsonObject parent, CancellationToken cancellationToken)
    {
        var first = _range.Network + 2;
        var count = (1u << (32 - _range.PrefixLength)) - 3;
        for (var attempt = 0; attempt < RandomAttempts; attempt++)
        {
            var candidate = ServiceIp.ToText(first + (uint)Random.Shared.NextInt64(count));
            if (await TryTakeAsync(ServiceAllocations.IpAddressKey(candidate), IpAddress(candidate, parent),
                cancellationToken))
            {
                return ServiceAllocations.IpAddressKey(candidate);
            }
        }

        // The range is crowded: pick among the addresses still free.
        var used = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var item in store.ListAllAsync(ServiceAllocations.IpAddresses, 0, cancellationToken))
        {
            used.Add(item.Key.Name);
        }

        for (var offset = 0u; offset < count; offset++)
        {
            var candidate = ServiceIp.ToText(first + offset);
            if (!used.Contains(candidate) && await TryTakeAsync(ServiceAllocations.IpAddressKey(candidate),
                IpAddress(candidate, parent), cancellationToken))
            {
                return ServiceAllocations.IpAddressKey(candidate);
            }
        }

        throw ApiErrors.Internal("failed to allocate a serviceIP: range is full");
    }

    private async Task<ObjectKey> ClaimClusterIpAsync(
        JsonObject service, string clusterIp, JsonObject parent, CancellationToken cancellationToken)
    {
        var number = ServiceIp.Parse(clusterIp);
        var mask = uint.MaxValue << (32 - _range.PrefixLength);
        if (number is not { } ip || (ip & mask) != _range.Network)
        {
            throw Invalid(service, "spec.clusterIPs", clusterIp, $"failed to allocate IP {clusterIp}: the provided " +
                $"IP ({clusterIp}) is not in the valid range. The range of valid IPs is {options.ClusterIpRange}");
        }

        var key = ServiceAllocations.IpAddressKey(clusterIp);
        if (!await TryTakeAsync(key, IpAddress(clusterIp, parent), cancellationToken) &&
            !await HeldByAsync(key, parent, cancellationToken))
        {
            throw Invalid(service, "spec.clusterIPs", clusterIp,
                $"failed to allocate IP {clusterIp}: provided IP is already allocated");
        }

        return key;
    }

    private async Task AllocateNodePortsAsync(
        JsonObject service, JsonObject spec, JsonObject? old, JsonObject parent, List<ObjectKey> taken,
        CancellationToken cancellationToken)
    {
        var held = ServiceAllocations.NodePortsOf(old).ToHashSet();
        var index = 0;
        foreach (var port in spec.ObjectsAt("ports"))
        {
            var field = $"spec.ports[{index++}].nodePort";
            var requested = (int)(port.IntegerAt("nodePort") ?? 0);
            if (requested > 0)
            {
                if (held.Add(requested))
                {
                    taken.Add(await ClaimNodePortAsync(service, field, requested, parent, cancellationToken));
                }

                continue;
            }

            var chosen = await ChooseNodePortAsync(parent, cancellationToken);
            taken.Add(chosen);
            var number = int.Parse(chosen.Name, CultureInfo.InvariantCulture);
            held.Add(number);
            port["nodePort"] = number;
        }
    }

    private async Task<ObjectKey> ClaimNodePortAsync(
        JsonObject service, string field, int port, JsonObject parent, CancellationToken cancellationToken)
    {
        if (port < options.NodePortMin || port > options.NodePortMax)
        {
            throw Invalid(service, field, port, "provided port is not in the valid range. The range of valid " +
                $"ports is {options.NodePortMin}-{options.NodePortMax}");
        }

        var key = ServiceAllocations.NodePortKey(port);
        if (!await TryTakeAsync(key, NodePort(port, parent), cancellationToken) &&
            !await HeldByAsync(key, parent, cancellationToken))
        {
            throw Invalid(service, field, port, "provided port is already allocated");
        }

        return key;
    }

    private async Task<ObjectKey> ChooseNodePortAsync(JsonObject parent, CancellationToken cancellationToken)
    {
        var span = options.NodePortMax - options.NodePortMin + 1;
        var start = Random.Shared.Next(span);
        for (var offset = 0; offset < span; offset++)
        {
            var port = options.NodePortMin + ((start + offset) % span);
            var key = ServiceAllocations.NodePortKey(port);
            if (await TryTakeAsync(key, NodePort(port, parent), cancellationToken))
            {
                return key;
            }
        }

        throw ApiErrors.Internal("failed to allocate a nodePort: range is full");
    }

    private async Task<bool> TryTakeAsync(ObjectKey key, JsonObject record, CancellationToken cancellationToken)
    {
        try
        {
            await store.CreateAsync(key, record, cancellationToken);
            return true;
        }
        catch (ObjectAlreadyExistsException)
        {
            return false;
        }
    }

    // A re-apply of a Service that already holds the address (the store kept it) is not a conflict.
    private async Task<bool> HeldByAsync(ObjectKey key, JsonObject parent, CancellationToken cancellationToken)
    {
        var current = await store.GetAsync(key, cancellationToken);
        return current is not null &&
            JsonNode.DeepEquals(current.Object.ObjectAt("spec")?["parentRef"], parent);
    }

    private static ApiException Invalid(JsonObject service, string field, string value, string detail)
    {
        var errors = new FieldErrors();
        errors.InvalidRendered(field, $"[]string{{{FieldErrors.Quote(value)}}}", detail);
        return ApiErrors.Invalid("Service", "", service.ObjectAt("metadata").StringAt("name") ?? "", errors.Causes);
    }

    private static ApiException Invalid(JsonObject service, string field, int value, string detail)
    {
        var errors = new FieldErrors();
        errors.Invalid(field, value, detail);
        return ApiErrors.Invalid("Service", "", service.ObjectAt("metadata").StringAt("name") ?? "", errors.Causes);
    }

    private static JsonObject ParentOf(JsonObject service)
    {
        var metadata = service.ObjectAt("metadata");
        return new JsonObject
        {
            ["group"] = "",
            ["resource"] = "services",
            ["namespace"] = metadata.StringAt("namespace") ?? "",
            ["name"] = metadata.StringAt("name") ?? "",
        };
    }

    private static JsonObject IpAddress(string ip, JsonObject parent) => new()
    {
        ["apiVersion"] = "networking.k8s.io/v1",
        ["kind"] = "IPAddress",
        ["metadata"] = new JsonObject
        {
            ["name"] = ip,
            ["labels"] = new JsonObject
            {
                ["ipaddress.kubernetes.io/ip-family"] = "IPv4",
                ["ipaddress.kubernetes.io/managed-by"] = "ipallocator.k8s.io",
            },
        },
        ["spec"] = new JsonObject { ["parentRef"] = parent.DeepClone() },
    };

    private static JsonObject NodePort(int port, JsonObject parent) => new()
    {
        ["apiVersion"] = "orchestrator.io/v1",
        ["kind"] = "NodePortAllocation",
        ["metadata"] = new JsonObject { ["name"] = port.ToString(CultureInfo.InvariantCulture) },
        ["spec"] = new JsonObject { ["parentRef"] = parent.DeepClone() },
    };
}
