using System.Text.Json.Nodes;
using Orchestrator.Api.Resources;
using Orchestrator.Api.Server;

namespace Orchestrator.Api.Validation;

/// <summary>
/// Validates objects of the served kinds as kube-apiserver does, reporting every field error at once with
/// Kubernetes' reasons, messages and field paths. Run it after defaulting, with the namespace from the request path
/// already in <c>metadata.namespace</c>.
/// </summary>
public static class ObjectValidator
{
    /// <summary>
    /// Every error in <paramref name="obj"/>; on update <paramref name="old"/> is the stored object and immutable
    /// fields are checked against it. Empty when the object is valid. Pure: neither object is changed.
    /// </summary>
    public static IReadOnlyList<StatusCause> Validate(ResourceDefinition resource, JsonObject obj, JsonObject? old)
    {
        var errors = new FieldErrors();
        MetadataValidation.Validate(resource, obj, old, errors);

        switch (resource.Group, resource.Kind)
        {
            case ("", "Pod"):
                PodValidation.ValidatePod(obj, old, errors);
                break;
            case ("apps", "Deployment"):
                WorkloadValidation.ValidateDeployment(obj, old, errors);
                break;
            case ("apps", "ReplicaSet"):
                WorkloadValidation.ValidateReplicaSet(obj, old, errors);
                break;
            case ("", "Service"):
                ServiceValidation.Validate(obj, old, errors);
                break;
            case ("", "Endpoints"):
                ServiceValidation.ValidateEndpoints(obj, errors);
                break;
            case ("", "ConfigMap"):
                DataValidation.ValidateConfigMap(obj, old, errors);
                break;
            case ("", "Secret"):
                DataValidation.ValidateSecret(obj, old, errors);
                break;
            case ("", "Event") or ("events.k8s.io", "Event"):
                EventValidation.Validate(resource, obj, errors);
                break;
            case ("policy", "PodDisruptionBudget"):
                PolicyValidation.ValidatePodDisruptionBudget(obj, errors);
                break;
            case ("coordination.k8s.io", "Lease"):
                EventValidation.ValidateLease(obj, errors);
                break;
        }

        return errors.Causes;
    }

    /// <summary>
    /// Why <paramref name="name"/> cannot name an object of <paramref name="resource"/>: namespaces need a DNS-1123
    /// label, services a DNS-1035 label, everything else a DNS-1123 subdomain. With <paramref name="isPrefix"/> the
    /// name is a <c>generateName</c> prefix. Empty for a good name.
    /// </summary>
    public static IReadOnlyList<string> ValidateName(ResourceDefinition resource, string name, bool isPrefix = false)
    {
        var checkedName = isPrefix ? NameRules.WithoutTrailingDash(name) : name;
        return (resource.Group, resource.Kind) switch
        {
            ("", "Namespace") => NameRules.Dns1123Label(checkedName),
            ("", "Service") => NameRules.Dns1035Label(checkedName),
            _ => NameRules.Dns1123Subdomain(checkedName),
        };
    }
}
