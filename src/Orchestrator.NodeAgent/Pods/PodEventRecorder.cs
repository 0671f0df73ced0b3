using System.Globalization;
using System.Text.Json.Nodes;
using Orchestrator.Store;
using Orchestrator.Store.Objects;

namespace Orchestrator.NodeAgent.Pods;

/// <summary>
/// Records core/v1 Events about pods as kubelet does (source component <c>kubelet</c>, host the node), so that
/// <c>kubectl describe pod</c> shows Pulling, Pulled, Created, Started, Killing, Failed and BackOff. Best effort:
/// a failure is logged and never fails the sync.
/// </summary>
public sealed partial class PodEventRecorder(
    IObjectStore store, string nodeName, TimeProvider time, ILogger<PodEventRecorder> logger)
{
    /// <summary>The store resource of events.</summary>
    public const string Events = "events";

    /// <summary>Records an event of <paramref name="type"/> (Normal or Warning) about a container of the pod.</summary>
    public async Task RecordAsync(
        JsonObject pod, string? container, string type, string reason, string message,
        CancellationToken cancellationToken)
    {
        var name = PodJson.Name(pod);
        var ns = PodJson.Namespace(pod);
        var now = time.GetUtcNow();
        var eventName = $"{name}.{(now - DateTimeOffset.UnixEpoch).Ticks * 100:x}";
        var timestamp = now.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        var involved = new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Pod",
            ["name"] = name,
            ["namespace"] = ns,
            ["uid"] = PodJson.Uid(pod),
            ["resourceVersion"] = PodJson.Text(pod["metadata"]?["resourceVersion"]),
        };
        if (container is not null)
        {
            involved["fieldPath"] = $"spec.containers{{{container}}}";
        }

        var evt = new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Event",
            ["metadata"] = new JsonObject { ["name"] = eventName, ["namespace"] = ns },
            ["involvedObject"] = involved,
            ["reason"] = reason,
            ["message"] = message,
            ["source"] = new JsonObject { ["component"] = "kubelet", ["host"] = nodeName },
            ["firstTimestamp"] = timestamp,
            ["lastTimestamp"] = timestamp,
            ["count"] = 1,
            ["type"] = type,
            ["eventTime"] = null,
            ["reportingComponent"] = "kubelet",
            ["reportingInstance"] = nodeName,
        };
        try
        {
            await store.CreateAsync(new ObjectKey(Events, ns, eventName), evt, cancellationToken);
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            LogNotRecorded(logger, reason, ns, name, error.Message);
        }
    }

    [LoggerMessage(EventId = 5201, Level = LogLevel.Warning,
        Message = "Event {Reason} about pod {Namespace}/{Name} not recorded: {Error}")]
    private static partial void LogNotRecorded(ILogger logger, string reason, string @namespace, string name,
        string error);
}
