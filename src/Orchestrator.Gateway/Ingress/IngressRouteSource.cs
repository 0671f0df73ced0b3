using System.Text.Json.Nodes;

namespace Orchestrator.Gateway.Ingress;

/// <summary>
/// Keeps the <see cref="IngressTable"/> the ingress listener serves in step with the region: lists and then
/// watches Ingresses, Services and EndpointSlices through the control plane's API, and rebuilds the table after
/// every change. A broken or expired watch lists again, so the table is never left behind for long.
/// </summary>
/// <remarks>
/// TODO: write the gateway's address into each Ingress's status.loadBalancer, and give Services of type
/// LoadBalancer a listener of their own; today the ADDRESS column stays empty and such Services get node ports only.
/// </remarks>
public sealed partial class IngressRouteSource(
    ControlPlaneClient api, TimeProvider time, ILogger<IngressRouteSource> logger) : BackgroundService
{
    private static readonly string[] Paths =
    [
        "/apis/networking.k8s.io/v1/ingresses",
        "/api/v1/services",
        "/apis/discovery.k8s.io/v1/endpointslices",
    ];

    private readonly Lock _gate = new();
    private readonly Dictionary<string, Dictionary<string, JsonObject>> _objects =
        Paths.ToDictionary(p => p, _ => new Dictionary<string, JsonObject>(StringComparer.Ordinal));

    private volatile IngressTable _table = IngressTable.Empty;

    /// <summary>The table as of the last change seen.</summary>
    public IngressTable Table => _table;

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(Paths.Select(path => FollowAsync(path, stoppingToken)));

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
    }

    private void Rebuild()
    {
        _table = IngressTable.Build(_objects[Paths[0]].Values, _objects[Paths[1]].Values, _objects[Paths[2]].Values);
        LogRebuilt(logger, _table.Rules.Count);
    }

    private static string KeyOf(JsonObject obj) =>
        $"{obj["metadata"]?["namespace"]?.GetValue<string>()}/{obj["metadata"]?["name"]?.GetValue<string>()}";

    [LoggerMessage(EventId = 4101, Level = LogLevel.Warning,
        Message = "Ingress routes: following {Path} failed, listing again: {Error}")]
    private static partial void LogFollowFailed(ILogger logger, string path, string error);

    [LoggerMessage(EventId = 4102, Level = LogLevel.Debug, Message = "Ingress routes rebuilt: {RuleCount} paths")]
    private static partial void LogRebuilt(ILogger logger, int ruleCount);
}
