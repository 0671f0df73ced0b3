using Orchestrator.NodeAgent.Cri;
using Orchestrator.NodeAgent.Node;
using Orchestrator.Store;

namespace Orchestrator.NodeAgent.Pods;

/// <summary>What the pod workers of one agent share: runtime, store, the node's settings and address.</summary>
internal sealed record PodSyncContext(
    ContainerRuntimeClient Runtime,
    IObjectStore Store,
    NodeAgentOptions Options,
    string HostIp,
    PodEventRecorder Events,
    TimeProvider Time,
    ILogger Logger);
