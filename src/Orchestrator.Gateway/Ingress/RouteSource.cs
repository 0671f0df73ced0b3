using System.Text.Json.Nodes;
using System.Threading.Channels;
using Orchestrator.Gateway.Hosting;

namespace Orchestrator.Gateway.Ingress;

/// <summary>
/// Keeps the gateway's load-balancer role in step with the region: lists and then watches Ingresses, Services and
/// EndpointSlices through the control plane's API and, after every change, rebuilds the <see cref="IngressTable"/>
/// and the <see cref="ServicePortTable"/>, has Kestrel listen on the Services' ports, and writes the gateway's
/// address into the status of Ingresses and LoadBalancer Services that lack it. A broken or expired watch lists
/// again, so nothing is left behind for long.
/// </summary>
public sealed partial class RouteSource(
    ControlPlaneClient api, GatewayOptions options, ServiceListenerConfiguration listeners, TimeProvider time,
    ILogger<RouteSource> logger) : BackgroundService
{
    private const string Ingresses = "/apis/networking.k8s.io/v1/ingresses";
    private const string Services = "/api/v1/services";
    private const string Slices = "/apis/discovery.k8s.io/v1/endpointslices";
    private static readonly string[] Paths = [Ingresses, Services, Slices];

    private readonly Lock _gate = new();
    private readonly Dictionary<string, Dictionary<string, JsonObject>> _objects =
        Paths.ToDictionary(p => p, _ => new Dictionary<string, JsonObject>(StringComparer.Ordinal));
    private readonly Channel<bool> _statusWanted = Channel.CreateBounded<bool>(
        new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    private volatile IngressTable _table = IngressTable.Empty;
    private volatile ServicePortTable _ports = ServicePortTable.Empty;

    /// <summary>The ingress rules as of the last change seen.</summary>
    public IngressTable Table => _table;

    /// <summary>The Service ports as of the last change seen.</summary>
    public ServicePortTable ServicePorts => _ports;

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(Paths.Select(path => FollowAsync(path, stoppingToken)).Append(WriteStatusAsync(stoppingToken)));

    private async Task FollowAsync(string path, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                var list = await api.GetAsync(path, cancellationToken);
                var revision = list["metadata"]?["resourceVersion"]?.GetValue<string>() ?? "0";
                Replace(path, (list["items"] as JsonArray ?? []).OfType<JsonObject>());
                await foreach (var (type, obj) in api.WatchAsync(path, revision, cancellationToken))
                {
                    if (type == "ERROR")
                    {
                        break;
                    }

                    if (type != "BOOKMARK")
                    {
                        Apply(path, type, obj);
                    }
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception error)
            {
                LogFollowFailed(logger, path, error.Message);
                await Task.Delay(TimeSpan.FromSeconds(2), time, cancellationToken).ContinueWith(_ => { });
            }
        }
    }

    private void Replace(string path, IEnumerable<JsonObject> items)
    {
        lock (_gate)
        {
            var objects = _objects[path];
            objects.Clear();
            foreach (var item in items)
            {
                objects[KeyOf(item)] = item;
            }

            Rebuild();
        }

        Publish();
    }

    private void Apply(string path, string type, JsonObject obj)
    {
        lock (_gate)
        {
            if (type == "DELETED")
            {
                _objects[path].Remove(KeyOf(obj));
            }
            else
            {
                _objects[path][KeyOf(obj)] = obj;
            }

            Rebuild();
        }

        Publish();
    }

    private void Rebuild()
    {
        var services = _objects[Services].Values;
        var slices = _objects[Slices].Values;
        _table = IngressTable.Build(_objects[Ingresses].Values, services, slices);
        _ports = ServicePortTable.Build(services, slices, new HashSet<int> { options.Port, options.IngressPort });
        LogRebuilt(logger, _table.Rules.Count, _ports.Ports.Count);
    }

    private void Publish()
    {
        listeners.SetPorts(_ports.Ports);
        _statusWanted.Writer.TryWrite(true);
    }

    // Writes status.loadBalancer.ingress = [{ip: advertised address}] where it is missing or different.
    private async Task WriteStatusAsync(CancellationToken cancellationToken)
    {
        var address = options.AdvertisedAddress;
        await foreach (var _ in _statusWanted.Reader.ReadAllAsync(cancellationToken))
        {
            List<(string Path, JsonObject Object)> stale;
            lock (_gate)
            {
                stale = _objects[Ingresses].Values.Select(i => (Ingresses, i))
                    .Concat(_objects[Services].Values
                        .Where(s => s["spec"]?["type"]?.GetValue<string>() == "LoadBalancer")
                        .Select(s => (Services, s)))
                    .Where(entry => !Advertises(entry.Item2, address))
                    .ToList();
            }

            foreach (var (path, obj) in stale)
            {
                await WriteAddressAsync(path, obj, address, cancellationToken);
            }
        }
    }

    private async Task WriteAddressAsync(string path, JsonObject obj, string address, CancellationToken ct)
    {
        var updated = (JsonObject)obj.DeepClone();
        var status = updated["status"] as JsonObject ?? new JsonObject();
        updated["status"] = status;
        status["loadBalancer"] = new JsonObject { ["ingress"] = new JsonArray(new JsonObject { ["ip"] = address }) };
        var metadata = obj["metadata"];
        var resource = path[(path.LastIndexOf('/') + 1)..];
        var prefix = path[..path.LastIndexOf('/')];
        var target = $"{prefix}/namespaces/{metadata?["namespace"]}/{resource}/{metadata?["name"]}/status";
        try
        {
            var code = await api.PutAsync(target, updated, ct);
            if (code >= 300)
            {
                LogStatusNotWritten(logger, target, code.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }
        }
        catch (HttpRequestException error)
        {
            LogStatusNotWritten(logger, target, error.Message);
        }
    }

    private static bool Advertises(JsonObject obj, string address) =>
        obj["status"]?["loadBalancer"]?["ingress"] is JsonArray { Count: 1 } ingress &&
        ingress[0]?["ip"]?.GetValue<string>() == address;

    private static string KeyOf(JsonObject obj) =>
        $"{obj["metadata"]?["namespace"]?.GetValue<string>()}/{obj["metadata"]?["name"]?.GetValue<string>()}";

    [LoggerMessage(EventId = 4101, Level = LogLevel.Warning,
        Message = "Gateway routes: following {Path} failed, listing again: {Error}")]
    private static partial void LogFollowFailed(ILogger logger, string path, string error);

    [LoggerMessage(EventId = 4102, Level = LogLevel.Debug,
        Message = "Gateway routes rebuilt: {RuleCount} ingress paths, {PortCount} service ports")]
    private static partial void LogRebuilt(ILogger logger, int ruleCount, int portCount);

    [LoggerMessage(EventId = 4104, Level = LogLevel.Information,
        Message = "Load-balancer status of {Target} not written: {Error}")]
    private static partial void LogStatusNotWritten(ILogger logger, string target, string error);
}
