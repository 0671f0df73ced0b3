using System.Text.Json.Nodes;
using Orchestrator.Api.Lifecycle;
using Orchestrator.Store;
using Orchestrator.Store.Objects;

namespace Orchestrator.ControlPlane.Workloads;

/// <summary>
/// Records core/v1 Events about objects, as Kubernetes' controllers do: one Event per occurrence, named after the
/// object and the time, so <c>kubectl describe</c> and <c>kubectl get events</c> show what a controller did.
/// Recording is best effort: a failure is logged and never fails the caller.
/// </summary>
public sealed partial class EventRecorder(IObjectStore store, TimeProvider time, ILogger<EventRecorder> logger)
{
    /// <summary>Records a Normal or Warning event about <paramref name="involved"/>.</summary>
    public async Task RecordAsync(
        JsonObject involved, string type, string reason, string message, string component,
        CancellationToken cancellationToken)
    {
        var metadata = ObjectMetadata.Of(involved);
        var name = metadata["name"]?.GetValue<string>() ?? "";
        var ns = metadata["namespace"]?.GetValue<string>() ?? "default";
        var now = time.GetUtcNow();
        var nanos = (now - DateTimeOffset.UnixEpoch).Ticks * 100;
        var eventName = $"{name}.{nanos:x}";
        var timestamp = ObjectMetadata.Timestamp(now);
        var evt = new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Event",
            ["metadata"] = new JsonObject { ["name"] = eventName, ["namespace"] = ns },
            ["involvedObject"] = new JsonObject
            {
                ["apiVersion"] = involved["apiVersion"]?.GetValue<string>(),
                ["kind"] = involved["kind"]?.GetValue<string>(),
                ["name"] = name,
                ["namespace"] = ns,
                ["uid"] = metadata["uid"]?.GetValue<string>(),
                ["resourceVersion"] = metadata["resourceVersion"]?.GetValue<string>(),
            },
            ["reason"] = reason,
            ["message"] = message,
            ["source"] = new JsonObject { ["component"] = component },
            ["firstTimestamp"] = timestamp,
            ["lastTimestamp"] = timestamp,
            ["count"] = 1,
            ["type"] = type,
            ["eventTime"] = null,
            ["reportingComponent"] = component,
            ["reportingInstance"] = "",
        };
        try
        {
            await store.CreateAsync(new ObjectKey("events", ns, eventName), evt, cancellationToken);
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            LogNotRecorded(logger, reason, ns, name, error.Message);
        }
    }

    [LoggerMessage(EventId = 4101, Level = LogLevel.Warning,
        Message = "Event {Reason} about {Namespace}/{Name} not recorded: {Error}")]
    private static partial void LogNotRecorded(ILogger logger, string reason, string @namespace, string name,
        string error);
}
