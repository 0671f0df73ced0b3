namespace Orchestrator.NodeAgent.Pods;

internal sealed partial class PodWorker
{
    [LoggerMessage(EventId = 5301, Level = LogLevel.Warning,
        Message = "Sync of pod {Namespace}/{Name} failed; retrying on the next resync")]
    private static partial void LogSyncFailed(ILogger logger, string @namespace, string name, Exception error);

    [LoggerMessage(EventId = 5302, Level = LogLevel.Information,
        Message = "Started sandbox {SandboxId} of pod {Namespace}/{Name}")]
    private static partial void LogSandboxStarted(ILogger logger, string @namespace, string name, string sandboxId);

    [LoggerMessage(EventId = 5303, Level = LogLevel.Information,
        Message = "Started container {Container} (restart {RestartCount}) of pod {Namespace}/{Name} as {ContainerId}")]
    private static partial void LogContainerStarted(
        ILogger logger, string @namespace, string name, string container, int restartCount, string containerId);

    [LoggerMessage(EventId = 5304, Level = LogLevel.Information,
        Message = "Stopped pod {Namespace}/{Name} and removed its {Count} sandboxes")]
    private static partial void LogPodTerminated(ILogger logger, string @namespace, string name, int count);

    [LoggerMessage(EventId = 5305, Level = LogLevel.Information, Message = "Deleted pod {Namespace}/{Name}")]
    private static partial void LogPodDeleted(ILogger logger, string @namespace, string name);
}
