namespace Orchestrator.Api.Schema;

/// <summary>
/// What the client's models do not carry about the served kinds: the patch traits of their properties and the
/// properties each type requires, by OpenAPI definition name, with the values of the Kubernetes 1.32 OpenAPI.
/// Lists absent here are atomic for server-side apply and replaced whole by strategic merge.
/// </summary>
public static class KubernetesFieldTable
{
    private const string Core = "io.k8s.api.core.v1.";
    private const string Apps = "io.k8s.api.apps.v1.";
    private const string Meta = KubernetesTypeNames.MetaPackage + ".";

    private static readonly Dictionary<(string Type, string Property), FieldTraits> Traits = new()
    {
        [(Meta + "ObjectMeta", "finalizers")] = FieldTraits.MergedSet,
        [(Meta + "ObjectMeta", "ownerReferences")] = FieldTraits.MergedBy("uid"),
        [(Meta + "ObjectMeta", "managedFields")] = FieldTraits.Atomic,
        [(Meta + "LabelSelector", "matchExpressions")] = FieldTraits.Atomic,
        [(Meta + "LabelSelectorRequirement", "values")] = FieldTraits.Atomic,
        [(Meta + "StatusDetails", "causes")] = FieldTraits.Atomic,

        [(Core + "PodSpec", "volumes")] = FieldTraits.MergedBy("name", "merge,retainKeys"),
        [(Core + "PodSpec", "initContainers")] = FieldTraits.MergedBy("name"),
        [(Core + "PodSpec", "containers")] = FieldTraits.MergedBy("name"),
        [(Core + "PodSpec", "ephemeralContainers")] = FieldTraits.MergedBy("name"),
        [(Core + "PodSpec", "imagePullSecrets")] = FieldTraits.MergedBy("name"),
        [(Core + "PodSpec", "hostAliases")] = FieldTraits.MergedBy("ip"),
        [(Core + "PodSpec", "schedulingGates")] = FieldTraits.MergedBy("name"),
        [(Core + "PodSpec", "resourceClaims")] = FieldTraits.MergedBy("name", "merge,retainKeys"),
        [(Core + "PodSpec", "topologySpreadConstraints")] =
            FieldTraits.MergedBy(["topologyKey", "whenUnsatisfiable"]),
        [(Core + "PodSpec", "tolerations")] = FieldTraits.Atomic,
        [(Core + "PodSpec", "readinessGates")] = FieldTraits.Atomic,
        [(Core + "PodSpec", "nodeSelector")] = FieldTraits.AtomicMap,
        [(Core + "PodStatus", "conditions")] = FieldTraits.MergedBy("type"),
        [(Core + "PodStatus", "podIPs")] = FieldTraits.MergedBy("ip"),
        [(Core + "PodStatus", "hostIPs")] = new("merge", "ip", "atomic"),
        [(Core + "PodStatus", "containerStatuses")] = FieldTraits.Atomic,
        [(Core + "PodStatus", "initContainerStatuses")] = FieldTraits.Atomic,
        [(Core + "PodStatus", "ephemeralContainerStatuses")] = FieldTraits.Atomic,
        [(Core + "PodStatus", "resourceClaimStatuses")] = FieldTraits.MergedBy("name", "merge,retainKeys"),

        [(Core + "Container", "ports")] = FieldTraits.MergedBy(["containerPort", "protocol"]),
        [(Core + "Container", "env")] = FieldTraits.MergedBy("name"),
        [(Core + "Container", "volumeMounts")] = FieldTraits.MergedBy("mountPath"),
        [(Core + "Container", "volumeDevices")] = FieldTraits.MergedBy("devicePath"),
        [(Core + "Container", "command")] = FieldTraits.Atomic,
        [(Core + "Container", "args")] = FieldTraits.Atomic,
        [(Core + "Container", "envFrom")] = FieldTraits.Atomic,
        [(Core + "Container", "resizePolicy")] = FieldTraits.Atomic,
        [(Core + "EphemeralContainer", "ports")] = FieldTraits.MergedBy(["containerPort", "protocol"]),
        [(Core + "EphemeralContainer", "env")] = FieldTraits.MergedBy("name"),
        [(Core + "EphemeralContainer", "volumeMounts")] = FieldTraits.MergedBy("mountPath"),
        [(Core + "EphemeralContainer", "volumeDevices")] = FieldTraits.MergedBy("devicePath"),
        [(Core + "EphemeralContainer", "command")] = FieldTraits.Atomic,
        [(Core + "EphemeralContainer", "args")] = FieldTraits.Atomic,
        [(Core + "EphemeralContainer", "envFrom")] = FieldTraits.Atomic,
        [(Core + "ResourceRequirements", "claims")] = new(ListType: "map", ListMapKeys: ["name"]),
        [(Core + "Capabilities", "add")] = FieldTraits.Atomic,
        [(Core + "Capabilities", "drop")] = FieldTraits.Atomic,
        [(Core + "PodSecurityContext", "supplementalGroups")] = FieldTraits.Atomic,
        [(Core + "PodSecurityContext", "sysctls")] = FieldTraits.Atomic,

        [(Core + "ServiceSpec", "ports")] = FieldTraits.MergedBy(["port", "protocol"]),
        [(Core + "ServiceSpec", "selector")] = FieldTraits.AtomicMap,
        [(Core + "ServiceSpec", "clusterIPs")] = FieldTraits.Atomic,
        [(Core + "ServiceSpec", "externalIPs")] = FieldTraits.Atomic,
        [(Core + "ServiceSpec", "ipFamilies")] = FieldTraits.Atomic,
        [(Core + "ServiceSpec", "loadBalancerSourceRanges")] = FieldTraits.Atomic,
        [(Core + "ServiceStatus", "conditions")] = FieldTraits.MergedBy("type"),
        [(Core + "LoadBalancerStatus", "ingress")] = FieldTraits.Atomic,

        [(Core + "Endpoints", "subsets")] = FieldTraits.Atomic,
        [(Core + "EndpointSubset", "addresses")] = FieldTraits.Atomic,
        [(Core + "EndpointSubset", "notReadyAddresses")] = FieldTraits.Atomic,
        [(Core + "EndpointSubset", "ports")] = FieldTraits.Atomic,

        [(Core + "ServiceAccount", "secrets")] = FieldTraits.MergedBy("name"),
        [(Core + "ServiceAccount", "imagePullSecrets")] = FieldTraits.Atomic,

        [(Core + "NodeSpec", "podCIDRs")] = FieldTraits.MergedSet,
        [(Core + "NodeSpec", "taints")] = FieldTraits.Atomic,
        [(Core + "NodeStatus", "conditions")] = FieldTraits.MergedBy("type"),
        [(Core + "NodeStatus", "addresses")] = FieldTraits.MergedBy("type"),
        [(Core + "NodeStatus", "images")] = FieldTraits.Atomic,
        [(Core + "NodeStatus", "volumesInUse")] = FieldTraits.Atomic,
        [(Core + "NodeStatus", "volumesAttached")] = FieldTraits.Atomic,

        [(Core + "NamespaceSpec", "finalizers")] = FieldTraits.Atomic,
        [(Core + "NamespaceStatus", "conditions")] = FieldTraits.MergedBy("type"),

        [(Apps + "DeploymentSpec", "strategy")] = FieldTraits.RetainKeys,
        [(Apps + "DeploymentStatus", "conditions")] = FieldTraits.MergedBy("type"),
        [(Apps + "ReplicaSetStatus", "conditions")] = FieldTraits.MergedBy("type"),
        [("io.k8s.api.policy.v1.PodDisruptionBudgetStatus", "conditions")] = FieldTraits.MergedBy("type"),
    };

    private static readonly Dictionary<string, string[]> RequiredProperties = new(StringComparer.Ordinal)
    {
        [Meta + "OwnerReference"] = ["apiVersion", "kind", "name", "uid"],
        [Meta + "LabelSelectorRequirement"] = ["key", "operator"],
        [Meta + "Condition"] = ["type", "status", "lastTransitionTime", "reason", "message"],
        [Core + "PodSpec"] = ["containers"],
        [Core + "Container"] = ["name"],
        [Core + "EphemeralContainer"] = ["name"],
        [Core + "ContainerPort"] = ["containerPort"],
        [Core + "EnvVar"] = ["name"],
        [Core + "VolumeMount"] = ["name", "mountPath"],
        [Core + "VolumeDevice"] = ["name", "devicePath"],
        [Core + "Volume"] = ["name"],
        [Core + "KeyToPath"] = ["key", "path"],
        [Core + "ConfigMapKeySelector"] = ["key"],
        [Core + "SecretKeySelector"] = ["key"],
        [Core + "ObjectFieldSelector"] = ["fieldPath"],
        [Core + "ResourceFieldSelector"] = ["resource"],
        [Core + "HostPathVolumeSource"] = ["path"],
        [Core + "HTTPGetAction"] = ["port"],
        [Core + "HTTPHeader"] = ["name", "value"],
        [Core + "TCPSocketAction"] = ["port"],
        [Core + "GRPCAction"] = ["port"],
        [Core + "SleepAction"] = ["seconds"],
        [Core + "PodCondition"] = ["type", "status"],
        [Core + "ContainerStatus"] = ["name", "ready", "restartCount", "image", "imageID"],
        [Core + "ServicePort"] = ["port"],
        [Core + "EndpointAddress"] = ["ip"],
        [Core + "EndpointPort"] = ["port"],
        [Core + "NodeAddress"] = ["type", "address"],
        [Core + "NodeCondition"] = ["type", "status"],
        [Core + "Taint"] = ["key", "effect"],
        [Core + "NamespaceCondition"] = ["type", "status"],
        [Core + "Event"] = ["metadata", "involvedObject"],
        [Core + "Binding"] = ["target"],
        [Core + "TopologySpreadConstraint"] = ["maxSkew", "topologyKey", "whenUnsatisfiable"],
        [Core + "NodeSelector"] = ["nodeSelectorTerms"],
        [Core + "NodeSelectorRequirement"] = ["key", "operator"],
        [Core + "PodAffinityTerm"] = ["topologyKey"],
        [Core + "WeightedPodAffinityTerm"] = ["weight", "podAffinityTerm"],
        [Core + "PreferredSchedulingTerm"] = ["weight", "preference"],
        [Core + "PodReadinessGate"] = ["conditionType"],
        [Core + "PodSchedulingGate"] = ["name"],
        [Core + "Sysctl"] = ["name", "value"],
        [Core + "ContainerResizePolicy"] = ["resourceName", "restartPolicy"],
        [Core + "ResourceClaim"] = ["name"],
        [Core + "PodResourceClaim"] = ["name"],
        [Core + "AttachedVolume"] = ["name", "devicePath"],
        [Core + "DaemonEndpoint"] = ["Port"],
        [Core + "PodIP"] = ["ip"],
        [Core + "HostIP"] = ["ip"],
        [Core + "SeccompProfile"] = ["type"],
        [Core + "AppArmorProfile"] = ["type"],
        [Apps + "DeploymentSpec"] = ["selector", "template"],
        [Apps + "DeploymentCondition"] = ["type", "status"],
        [Apps + "ReplicaSetSpec"] = ["selector"],
        [Apps + "ReplicaSetStatus"] = ["replicas"],
        [Apps + "ReplicaSetCondition"] = ["type", "status"],
        ["io.k8s.api.events.v1.Event"] = ["eventTime"],
        ["io.k8s.api.events.v1.EventSeries"] = ["count", "lastObservedTime"],
        ["io.k8s.api.authorization.v1.SelfSubjectAccessReview"] = ["spec"],
        ["io.k8s.api.authorization.v1.SubjectAccessReviewStatus"] = ["allowed"],
    };

    /// <summary>
    /// The default of a property that keys list items (a port's protocol), so server-side apply matches an applied
    /// item without it to the stored item that has it.
    /// </summary>
    public static string? DefaultOf(string typeName, string property) => (typeName, property) switch
    {
        (Core + "ContainerPort" or Core + "ServicePort" or Core + "EndpointPort", "protocol") => "TCP",
        _ => null,
    };

    /// <summary>The patch traits of a property of a type, or null when it has none.</summary>
    public static FieldTraits? Find(string typeName, string property) =>
        Traits.GetValueOrDefault((typeName, property));

    /// <summary>The properties a type requires beyond those its model marks with a non-nullable value.</summary>
    public static IReadOnlyList<string> RequiredOf(string typeName) =>
        RequiredProperties.GetValueOrDefault(typeName) ?? [];
}
