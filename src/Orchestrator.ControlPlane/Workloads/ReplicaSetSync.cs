using System.Text.Json.Nodes;

namespace Orchestrator.ControlPlane.Workloads;

/// <summary>
/// What one sync of a ReplicaSet decides, as data. Apply in order: add <see cref="ControllerReference"/> to the
/// pods in <see cref="PodsToAdopt"/>, remove it from <see cref="PodsToRelease"/>, create
/// <see cref="PodsToCreate"/> copies of <see cref="PodToCreate"/>, delete <see cref="PodsToDelete"/>, then write
/// <see cref="Status"/>.
/// </summary>
/// <param name="PodsToAdopt">Orphaned pods whose labels match the selector.</param>
/// <param name="PodsToRelease">Owned pods whose labels no longer match the selector.</param>
/// <param name="ControllerReference">The ownerReference that makes this ReplicaSet a pod's controller.</param>
/// <param name="PodsToCreate">How many pods to create.</param>
/// <param name="PodToCreate">The pod to create, with <c>generateName</c> set; create a copy for each.</param>
/// <param name="PodsToDelete">Names of pods to delete, in the order Kubernetes would pick them.</param>
/// <param name="Status">The ReplicaSet's new <c>status</c>.</param>
/// <param name="RequeueAfter">When to sync again to count pods that become available after minReadySeconds.</param>
public sealed record ReplicaSetSync(
    IReadOnlyList<string> PodsToAdopt,
    IReadOnlyList<string> PodsToRelease,
    JsonObject ControllerReference,
    int PodsToCreate,
    JsonObject PodToCreate,
    IReadOnlyList<string> PodsToDelete,
    JsonObject Status,
    TimeSpan? RequeueAfter);
