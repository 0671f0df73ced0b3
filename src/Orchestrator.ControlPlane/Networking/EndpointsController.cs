using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Orchestrator.Api.Objects;
using Orchestrator.Store;
using Orchestrator.Store.Errors;
using Orchestrator.Store.Objects;
using Orchestrator.Store.Selection;

namespace Orchestrator.ControlPlane.Networking;

/// <summary>
/// Keeps the Endpoints and EndpointSlices of every Service that has a selector in step with its pods, as
/// Kubernetes' endpoints and endpointslice controllers do. Level-driven: Services and pods are mirrored from the
/// store's change feed, a change queues the Services it may concern, and a worker writes what
/// <see cref="EndpointsPlan"/> computes when it differs from what is stored. A Service's removal removes its
/// Endpoints; its slices, owned by it, go with the garbage collector and are removed here too.
/// </summary>
public sealed partial class EndpointsController(
    IObjectStore store, TimeProvider time, ILogger<EndpointsController> logger) : BackgroundService
{
    private const string Services = "services";
    private const string Pods = "pods";
    private const string Endpoints = "endpoints";
    private const string Slices = "discovery.k8s.io/endpointslices";
    private const int Workers = 2;
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(1);

    private readonly Lock _gate = new();
    private readonly Dictionary<string, JsonObject> _services = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Dictionary<string, JsonObject>> _pods = new(StringComparer.Ordinal);
    private readonly Channel<string> _queue = Channel.CreateUnbounded<string>();
    private readonly ConcurrentDictionary<string, byte> _pending = new(StringComparer.Ordinal);

    /// <summary>The Services as the feed last showed them, by "namespace/name".</summary>
    internal IReadOnlyDictionary<string, JsonObject> ServicesSnapshot()
    {
        lock (_gate)
        {
            return new Dictionary<string, JsonObject>(_services, StringComparer.Ordinal);
        }
    }

    /// <summary>Whether the first full list of Services has been read since the controller started.</summary>
    internal bool Loaded { get; private set; }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var workers = Enumerable.Range(0, Workers).Select(_ => WorkAsync(stoppingToken)).ToList();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                Forget();
                await store.FollowAsync([Services, Pods], Observe, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception error)
            {
                LogRestart(logger, error);
                await Task.Delay(TimeSpan.FromSeconds(2), time, stoppingToken).ContinueWith(_ => { });
            }
        }

        _queue.Writer.TryComplete();
        await Task.WhenAll(workers);
    }

    private void Forget()
    {
        lock (_gate)
        {
            _services.Clear();
            _pods.Clear();
        }
    }

    private void Observe(ChangeType type, StoredObject stored)
    {
        var key = stored.Key;
        var path = $"{key.Namespace}/{key.Name}";
        var deleted = type == ChangeType.Deleted;
        var affected = new List<string>();
        lock (_gate)
        {
            if (key.Resource == Services)
            {
                Loaded = true;
                if (deleted)
                {
                    _services.Remove(path);
                }
                else
                {
                    _services[path] = stored.Object;
                }

                affected.Add(path);
            }
            else
            {
                if (!_pods.TryGetValue(key.Namespace, out var pods))
                {
                    pods = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
                    _pods[key.Namespace] = pods;
                }

                pods.TryGetValue(key.Name, out var before);
                if (deleted)
                {
                    pods.Remove(key.Name);
                }
                else
                {
                    pods[key.Name] = stored.Object;
                }

                affected.AddRange(ServicesSelecting(key.Namespace, before, deleted ? null : stored.Object));
            }
        }

        foreach (var service in affected)
        {
            Enqueue(service);
        }
    }

    private IEnumerable<string> ServicesSelecting(string ns, JsonObject? before, JsonObject? after)
    {
        var prefix = ns + "/";
        foreach (var (path, service) in _services)
        {
            if (!path.StartsWith(prefix, StringComparison.Ordinal))
            {
                continue;
            }

            var selector = service.ObjectAt("spec").StringMapAt("selector");
            if (selector.Count > 0 && ((before is not null && EndpointsPlan.Selects(selector, before)) ||
                (after is not null && EndpointsPlan.Selects(selector, after))))
            {
                yield return path;
            }
        }
    }

    private void Enqueue(string service)
    {
        if (_pending.TryAdd(service, 0))
        {
            _queue.Writer.TryWrite(service);
        }
    }

    private async Task WorkAsync(CancellationToken cancellationToken)
    {
        await foreach (var service in _queue.Reader.ReadAllAsync(CancellationToken.None))
        {
            _pending.TryRemove(service, out _);
            if (cancellationToken.IsCancellationRequested)
            {
                continue;
            }

            try
            {
                await ReconcileAsync(service, cancellationToken);
            }
            catch (Exception error) when (!cancellationToken.IsCancellationRequested)
            {
                LogRetry(logger, service, error.Message);
                _ = Task.Delay(RetryDelay, time, cancellationToken).ContinueWith(
                    _ => Enqueue(service), cancellationToken, TaskContinuationOptions.OnlyOnRanToCompletion,
                    TaskScheduler.Default);
            }
            catch (Exception)
            {
                // Stopping: the next start reconciles every Service.
            }
        }
    }

    private async Task ReconcileAsync(string path, CancellationToken cancellationToken)
    {
        var slash = path.IndexOf('/', StringComparison.Ordinal);
        var (ns, name) = (path[..slash], path[(slash + 1)..]);
        ServiceEndpoints? desired;
        lock (_gate)
        {
            if (!_services.TryGetValue(path, out var service))
            {
                desired = null;
            }
            else
            {
                var pods = _pods.TryGetValue(ns, out var inNamespace) ? inNamespace.Values.ToList() : [];
                desired = EndpointsPlan.For(service, pods);
                if (desired is null)
                {
                    return;
                }
            }
        }

        if (desired is null)
        {
            await RemoveAsync(ns, name, cancellationToken);
            return;
        }

        await WriteAsync(new ObjectKey(Endpoints, ns, name), desired.Endpoints, ["subsets"], cancellationToken);
        var stale = await OwnSlicesAsync(ns, name, cancellationToken);
        foreach (var slice in desired.Slices)
        {
            var sliceName = slice.ObjectAt("metadata").StringAt("name") ?? "";
            stale.Remove(sliceName);
            await WriteAsync(new ObjectKey(Slices, ns, sliceName), slice, ["addressType", "endpoints", "ports"],
                cancellationToken);
        }

        foreach (var sliceName in stale)
        {
            await DeleteAsync(new ObjectKey(Slices, ns, sliceName), cancellationToken);
        }
    }

    private async Task RemoveAsync(string ns, string name, CancellationToken cancellationToken)
    {
        var endpoints = await store.GetAsync(new ObjectKey(Endpoints, ns, name), cancellationToken);
        if (endpoints is not null && endpoints.Object.ObjectAt("metadata")?["ownerReferences"] is null)
        {
            await DeleteAsync(endpoints.Key, cancellationToken);
        }

        foreach (var sliceName in await OwnSlicesAsync(ns, name, cancellationToken))
        {
            await DeleteAsync(new ObjectKey(Slices, ns, sliceName), cancellationToken);
        }
    }

    private async Task<HashSet<string>> OwnSlicesAsync(string ns, string service, CancellationToken cancellationToken)
    {
        var filter = ObjectFilter.Parse(
            $"{EndpointsPlan.ServiceNameLabel}={service},{EndpointsPlan.ManagedByLabel}={EndpointsPlan.ManagedBy}",
            null);
        var page = await store.ListAsync(new ListRequest(Slices) { Namespace = ns, Filter = filter },
            cancellationToken);
        return page.Items.Select(i => i.Key.Name).ToHashSet(StringComparer.Ordinal);
    }

    // Creates the object, or updates the stored one when its labels or the given fields differ.
    private async Task WriteAsync(
        ObjectKey key, JsonObject desired, string[] fields, CancellationToken cancellationToken)
    {
        var current = await store.GetAsync(key, cancellationToken);
        if (current is null)
        {
            await store.CreateAsync(key, desired, cancellationToken);
            LogWritten(logger, key.Resource, key.Namespace, key.Name);
            return;
        }

        var updated = (JsonObject)current.Object.DeepClone();
        var metadata = updated.EnsureObject("metadata");
        var wanted = desired.ObjectAt("metadata");
        var changed = !JsonNode.DeepEquals(metadata["labels"], wanted?["labels"]);
        metadata["labels"] = wanted?["labels"]?.DeepClone();
        if (wanted?["ownerReferences"] is { } owners)
        {
            changed |= !JsonNode.DeepEquals(metadata["ownerReferences"], owners);
            metadata["ownerReferences"] = owners.DeepClone();
        }

        foreach (var field in fields)
        {
            changed |= !JsonNode.DeepEquals(updated[field], desired[field]);
            updated[field] = desired[field]?.DeepClone();
            if (updated[field] is null)
            {
                updated.Remove(field);
            }
        }

        if (changed)
        {
            await store.UpdateAsync(current, updated, cancellationToken);
            LogWritten(logger, key.Resource, key.Namespace, key.Name);
        }
    }

    private async Task DeleteAsync(ObjectKey key, CancellationToken cancellationToken)
    {
        try
        {
            await store.DeleteAsync(key, null, cancellationToken);
        }
        catch (ObjectNotFoundException)
        {
            // Already gone.
        }
    }

    [LoggerMessage(EventId = 2601, Level = LogLevel.Warning, Message = "Endpoints controller restarts its feed")]
    private static partial void LogRestart(ILogger logger, Exception error);

    [LoggerMessage(EventId = 2602, Level = LogLevel.Information,
        Message = "Endpoints of service {Service} not written, retrying: {Error}")]
    private static partial void LogRetry(ILogger logger, string service, string error);

    [LoggerMessage(EventId = 2603, Level = LogLevel.Debug, Message = "Wrote {Resource} {Namespace}/{Name}")]
    private static partial void LogWritten(ILogger logger, string resource, string @namespace, string name);
}
