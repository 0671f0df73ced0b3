namespace Orchestrator.ControlPlane.Scheduling;

public sealed partial class DefaultScheduler
{
    [LoggerMessage(3200, LogLevel.Information, "Default scheduler starts with {Shards} shards")]
    private static partial void LogStarting(ILogger logger, int shards);

    [LoggerMessage(3201, LogLevel.Information,
        "Default scheduler loaded {Nodes} nodes and {Pods} pods at revision {Revision}")]
    private static partial void LogLoaded(ILogger logger, int nodes, int pods, long revision);

    [LoggerMessage(3202, LogLevel.Information, "Node {Node} {Change} for scheduling")]
    private static partial void LogNodeChanged(ILogger logger, string node, string change);

    [LoggerMessage(3203, LogLevel.Debug, "Scheduled pod {Namespace}/{Name} on node {Node}")]
    private static partial void LogScheduled(ILogger logger, string @namespace, string name, string node);

    [LoggerMessage(3204, LogLevel.Debug, "Pod {Namespace}/{Name} is unschedulable: {Message}")]
    private static partial void LogUnschedulable(ILogger logger, string @namespace, string name, string message);

    [LoggerMessage(3205, LogLevel.Debug,
        "Pod {Namespace}/{Name} is bound to node {Node} beyond its capacity: {Reasons}")]
    private static partial void LogBoundBeyondCapacity(
        ILogger logger, string @namespace, string name, string node, string reasons);

    [LoggerMessage(3206, LogLevel.Warning, "Scheduling pod {Namespace}/{Name} will be retried: {Reason}")]
    private static partial void LogRetry(ILogger logger, string @namespace, string name, string reason);

    [LoggerMessage(3207, LogLevel.Warning, "Default scheduler restarts after a failure")]
    private static partial void LogRestart(ILogger logger, Exception error);
}
