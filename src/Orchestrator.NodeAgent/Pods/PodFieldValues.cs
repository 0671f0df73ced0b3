namespace Orchestrator.NodeAgent.Pods;

/// <summary>The values of a pod that only the node knows, for fieldRef environment variables.</summary>
public sealed record PodFieldValues(string PodIp, string HostIp, string NodeName);
