using Orchestrator.Api.Resources;
using Orchestrator.Api.Server;
using Orchestrator.Store.Selection;

namespace Orchestrator.Api.Handlers;

/// <summary>
/// The fields each resource can be selected by (<c>fieldSelector</c>), as kube-apiserver allows them: every
/// resource has <c>metadata.name</c> and <c>metadata.namespace</c>; others are per kind. Any other field is a
/// BadRequest, as upstream.
/// </summary>
public static class SelectableFields
{
    private static readonly string[] Common = ["metadata.name", "metadata.namespace"];

    private static readonly Dictionary<string, string[]> ByKind = new(StringComparer.Ordinal)
    {
        ["Pod"] =
        [
            "spec.nodeName", "spec.restartPolicy", "spec.schedulerName", "spec.serviceAccountName",
            "spec.hostNetwork", "status.phase", "status.podIP", "status.nominatedNodeName",
        ],
        ["Event"] =
        [
            "involvedObject.kind", "involvedObject.namespace", "involvedObject.name", "involvedObject.uid",
            "involvedObject.apiVersion", "involvedObject.resourceVersion", "involvedObject.fieldPath", "reason",
            "reportingComponent", "source", "type",
        ],
        ["Secret"] = ["type"],
        ["Service"] = ["spec.type", "spec.clusterIP"],
        ["Node"] = ["spec.unschedulable"],
        ["Namespace"] = ["status.phase"],
        ["ReplicaSet"] = ["status.replicas"],
        ["Job"] = ["status.successful"],
    };

    /// <summary>Throws BadRequest for a field the resource cannot be selected by.</summary>
    public static void Check(ResourceDefinition resource, FieldSelector selector)
    {
        foreach (var requirement in selector.Requirements)
        {
            if (Common.Contains(requirement.Field))
            {
                continue;
            }

            var kind = resource.Kind;
            if (!ByKind.TryGetValue(kind, out var fields) || !fields.Contains(requirement.Field))
            {
                throw ApiErrors.BadRequest(
                    $"field label not supported: {requirement.Field}");
            }
        }
    }
}
