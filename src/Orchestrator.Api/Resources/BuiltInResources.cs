namespace Orchestrator.Api.Resources;

/// <summary>
/// The resources served out of the box, with the names, scopes and subresources Kubernetes gives them.
/// </summary>
public static class BuiltInResources
{
    private static readonly string[] ReadUpdate = ["get", "patch", "update"];

    public static IReadOnlyList<ResourceDefinition> All { get; } =
    [
        Core("namespaces", "namespace", "Namespace", false, ["ns"]) with
        {
            Verbs = ["create", "delete", "get", "list", "patch", "update", "watch"],
            Subresources = [Status("Namespace"), new("finalize", "Namespace", ["update"])],
        },
        Core("pods", "pod", "Pod", true, ["po"], ["all"]) with
        {
            Subresources =
            [
                Status("Pod"),
                new("binding", "Binding", ["create"]),
                new("eviction", "Eviction", ["create"]) { Group = "policy", Version = "v1" },
                new("log", "Pod", ["get"]),
                new("exec", "PodExecOptions", ["create", "get"]),
                new("attach", "PodAttachOptions", ["create", "get"]),
                new("portforward", "PodPortForwardOptions", ["create", "get"]),
                new("proxy", "PodProxyOptions", ["create", "delete", "get", "patch", "update"]),
            ],
        },
        Core("configmaps", "configmap", "ConfigMap", true, ["cm"]),
        Core("secrets", "secret", "Secret", true, []),
        Core("services", "service", "Service", true, ["svc"], ["all"]) with
        {
            Verbs = ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"],
            Subresources = [Status("Service"), new("proxy", "ServiceProxyOptions", ["create", "delete", "get"])],
        },
        Core("endpoints", "endpoints", "Endpoints", true, ["ep"]),
        Core("events", "event", "Event", true, ["ev"]),
        // TODO: serve serviceaccounts/token once the gateway accepts service-account tokens.
        Core("serviceaccounts", "serviceaccount", "ServiceAccount", true, ["sa"]),
        Core("nodes", "node", "Node", false, ["no"]) with
        {
            Subresources = [Status("Node"), new("proxy", "NodeProxyOptions", ["create", "delete", "get"])],
        },
        Apps("deployments", "deployment", "Deployment", ["deploy"]),
        Apps("replicasets", "replicaset", "ReplicaSet", ["rs"]),
        new ResourceDefinition("policy", "v1", "poddisruptionbudgets", "poddisruptionbudget", "PodDisruptionBudget",
            true)
        {
            ShortNames = ["pdb"],
            StorageKey = "policy/poddisruptionbudgets",
            Subresources = [Status("PodDisruptionBudget")],
        },
        new ResourceDefinition("coordination.k8s.io", "v1", "leases", "lease", "Lease", true)
        {
            StorageKey = "coordination.k8s.io/leases",
        },
        new ResourceDefinition("discovery.k8s.io", "v1", "endpointslices", "endpointslice", "EndpointSlice", true)
        {
            StorageKey = "discovery.k8s.io/endpointslices",
        },
        new ResourceDefinition("networking.k8s.io", "v1", "ingresses", "ingress", "Ingress", true)
        {
            ShortNames = ["ing"],
            StorageKey = "networking.k8s.io/ingresses",
            Subresources = [Status("Ingress")],
        },
        new ResourceDefinition("networking.k8s.io", "v1", "ingressclasses", "ingressclass", "IngressClass", false)
        {
            StorageKey = "networking.k8s.io/ingressclasses",
        },
        new ResourceDefinition("networking.k8s.io", "v1", "ipaddresses", "ipaddress", "IPAddress", false)
        {
            ShortNames = ["ip"],
            StorageKey = "networking.k8s.io/ipaddresses",
        },
        new ResourceDefinition("events.k8s.io", "v1", "events", "event", "Event", true)
        {
            ShortNames = ["ev"],
            StorageKey = "events",
        },
        new ResourceDefinition("authorization.k8s.io", "v1", "selfsubjectaccessreviews", "selfsubjectaccessreview",
            "SelfSubjectAccessReview", false)
        {
            Verbs = ["create"],
            IsPersisted = false,
        },
    ];

    private static ResourceDefinition Core(
        string plural, string singular, string kind, bool namespaced, string[] shortNames, string[]? categories = null)
        => new("", "v1", plural, singular, kind, namespaced)
        {
            ShortNames = shortNames,
            Categories = categories ?? [],
            StorageKey = plural,
        };

    private static ResourceDefinition Apps(string plural, string singular, string kind, string[] shortNames) =>
        new("apps", "v1", plural, singular, kind, true)
        {
            ShortNames = shortNames,
            Categories = ["all"],
            StorageKey = "apps/" + plural,
            Subresources =
            [
                Status(kind),
                new("scale", "Scale", ReadUpdate) { Group = "autoscaling", Version = "v1" },
            ],
        };

    private static SubresourceDefinition Status(string kind) => new("status", kind, ReadUpdate);
}
