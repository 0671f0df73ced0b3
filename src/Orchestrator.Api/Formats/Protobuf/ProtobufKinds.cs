using System.Diagnostics.CodeAnalysis;
using Google.Protobuf.Reflection;
using Orchestrator.Api.Formats.Protobuf.Wire;

namespace Orchestrator.Api.Formats.Protobuf;

/// <summary>The message each apiVersion and kind is carried as inside a <c>runtime.Unknown</c> envelope.</summary>
internal static class ProtobufKinds
{
    private static readonly Dictionary<(string ApiVersion, string Kind), MessageDescriptor> ByKind = new()
    {
        [("v1", "Namespace")] = Namespace.Descriptor,
        [("v1", "ConfigMap")] = ConfigMap.Descriptor,
        [("v1", "Secret")] = Secret.Descriptor,
        [("v1", "ServiceAccount")] = ServiceAccount.Descriptor,
        [("v1", "Service")] = Service.Descriptor,
        [("v1", "Pod")] = Pod.Descriptor,
        [("v1", "Binding")] = Binding.Descriptor,
        [("v1", "Event")] = Event.Descriptor,
        [("v1", "Endpoints")] = Wire.Endpoints.Descriptor,
        [("apps/v1", "Deployment")] = Deployment.Descriptor,
        [("apps/v1", "ReplicaSet")] = ReplicaSet.Descriptor,
        [("autoscaling/v1", "Scale")] = Scale.Descriptor,
        [("policy/v1", "Eviction")] = Eviction.Descriptor,
        [("policy/v1", "PodDisruptionBudget")] = PodDisruptionBudget.Descriptor,
        [("authorization.k8s.io/v1", "SelfSubjectAccessReview")] = SelfSubjectAccessReview.Descriptor,
        [("coordination.k8s.io/v1", "Lease")] = Lease.Descriptor,
        [("batch/v1", "Job")] = Job.Descriptor,
        [("batch/v1", "CronJob")] = CronJob.Descriptor,
        [("rbac.authorization.k8s.io/v1", "Role")] = Role.Descriptor,
        [("rbac.authorization.k8s.io/v1", "ClusterRole")] = ClusterRole.Descriptor,
        [("rbac.authorization.k8s.io/v1", "RoleBinding")] = RoleBinding.Descriptor,
        [("rbac.authorization.k8s.io/v1", "ClusterRoleBinding")] = ClusterRoleBinding.Descriptor,
        [("authentication.k8s.io/v1", "TokenRequest")] = TokenRequest.Descriptor,
    };

    /// <summary>The message of a kind; DeleteOptions comes under any apiVersion, as every group serves it.</summary>
    public static bool TryFind(string apiVersion, string kind, [NotNullWhen(true)] out MessageDescriptor? descriptor)
    {
        if (kind == "DeleteOptions")
        {
            descriptor = DeleteOptions.Descriptor;
            return true;
        }

        return ByKind.TryGetValue((apiVersion, kind), out descriptor);
    }
}
