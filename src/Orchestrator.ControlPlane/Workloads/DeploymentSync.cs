using System.Text.Json.Nodes;

namespace Orchestrator.ControlPlane.Workloads;

/// <summary>
/// What one sync of a Deployment decides, as data. Apply in order: create <see cref="ReplicaSetToCreate"/>,
/// write <see cref="ReplicaSetsToUpdate"/>, delete <see cref="ReplicaSetsToDelete"/>, set the Deployment's
/// revision annotation to <see cref="Revision"/>, then write <see cref="Status"/> when <see cref="StatusChanged"/>.
/// </summary>
/// <param name="ReplicaSetToCreate">A new ReplicaSet for the current template, or null.</param>
/// <param name="ReplicaSetsToUpdate">Owned ReplicaSets with new <c>spec.replicas</c> or annotations.</param>
/// <param name="ReplicaSetsToDelete">Names of old ReplicaSets beyond <c>revisionHistoryLimit</c>.</param>
/// <param name="Revision">The <c>deployment.kubernetes.io/revision</c> the Deployment should carry, or null.</param>
/// <param name="Status">The Deployment's new <c>status</c>.</param>
/// <param name="StatusChanged">Whether <see cref="Status"/> differs from the status that came in.</param>
/// <param name="RequeueAfter">When to sync again even if nothing changes (minReadySeconds, progress deadline).</param>
public sealed record DeploymentSync(
    JsonObject? ReplicaSetToCreate,
    IReadOnlyList<JsonObject> ReplicaSetsToUpdate,
    IReadOnlyList<string> ReplicaSetsToDelete,
    string? Revision,
    JsonObject Status,
    bool StatusChanged,
    TimeSpan? RequeueAfter);
