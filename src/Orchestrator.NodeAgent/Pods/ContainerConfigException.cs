namespace Orchestrator.NodeAgent.Pods;

/// <summary>
/// A container cannot be configured from its spec, e.g. a configMapKeyRef names a ConfigMap that does not exist;
/// reported as the container's CreateContainerConfigError until the spec or the object is fixed.
/// </summary>
public sealed class ContainerConfigException(string message) : Exception(message);
