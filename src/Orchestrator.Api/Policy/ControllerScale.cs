namespace Orchestrator.Api.Policy;

/// <summary>
/// The workload at the top of a pod's controller chain (a Deployment, or a ReplicaSet of its own) and how many
/// replicas it wants.
/// </summary>
public sealed record ControllerScale(string Uid, int Replicas);
