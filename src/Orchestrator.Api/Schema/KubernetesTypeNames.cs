using System.Reflection;
using System.Text.RegularExpressions;
using k8s.Models;

namespace Orchestrator.Api.Schema;

/// <summary>
/// The names Kubernetes gives the model types of the client package in its OpenAPI documents: <c>V1Deployment</c> is
/// <c>io.k8s.api.apps.v1.Deployment</c>, <c>V1ObjectMeta</c> is <c>io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta</c>.
/// </summary>
public static partial class KubernetesTypeNames
{
    public const string MetaPackage = "io.k8s.apimachinery.pkg.apis.meta.v1";

    public const string Time = MetaPackage + ".Time";

    public const string MicroTime = MetaPackage + ".MicroTime";

    public const string Quantity = "io.k8s.apimachinery.pkg.api.resource.Quantity";

    public const string IntOrString = "io.k8s.apimachinery.pkg.util.intstr.IntOrString";

    public const string FieldsV1 = MetaPackage + ".FieldsV1";

    private static readonly HashSet<string> MetaTypes = new(StringComparer.Ordinal)
    {
        "ObjectMeta", "ListMeta", "OwnerReference", "ManagedFieldsEntry", "LabelSelector",
        "LabelSelectorRequirement", "Status", "StatusDetails", "StatusCause", "DeleteOptions", "Preconditions",
        "Condition", "WatchEvent", "APIResource", "APIResourceList", "APIGroup", "APIGroupList", "APIVersions",
        "GroupVersionForDiscovery", "ServerAddressByClientCIDR",
    };

    // Nested types outside the core group; every other nested type of the served kinds lives in core/v1.
    private static readonly Dictionary<string, string> GroupOfNestedType = new(StringComparer.Ordinal)
    {
        ["DeploymentSpec"] = "apps",
        ["DeploymentStatus"] = "apps",
        ["DeploymentStrategy"] = "apps",
        ["DeploymentCondition"] = "apps",
        ["RollingUpdateDeployment"] = "apps",
        ["ReplicaSetSpec"] = "apps",
        ["ReplicaSetStatus"] = "apps",
        ["ReplicaSetCondition"] = "apps",
        ["LeaseSpec"] = "coordination",
        ["PodDisruptionBudgetSpec"] = "policy",
        ["PodDisruptionBudgetStatus"] = "policy",
        ["SelfSubjectAccessReviewSpec"] = "authorization",
        ["SubjectAccessReviewStatus"] = "authorization",
        ["ResourceAttributes"] = "authorization",
        ["NonResourceAttributes"] = "authorization",
        ["FieldSelectorAttributes"] = "authorization",
        ["LabelSelectorAttributes"] = "authorization",
        ["ScaleSpec"] = "autoscaling",
        ["ScaleStatus"] = "autoscaling",
        ["TokenRequestSpec"] = "authentication",
        ["TokenRequestStatus"] = "authentication",
        ["BoundObjectReference"] = "authentication",
    };

    /// <summary>The OpenAPI definition name of a model type of the KubernetesClient package.</summary>
    public static string Of(Type modelType)
    {
        var (prefixGroup, version, bareName) = Split(modelType.Name);
        if (MetaTypes.Contains(bareName))
        {
            return $"{MetaPackage}.{bareName}";
        }

        var entity = modelType.GetCustomAttribute<KubernetesEntityAttribute>();
        var group = entity is not null ? Package(entity.Group)
            : prefixGroup ?? GroupOfNestedType.GetValueOrDefault(bareName, "core");
        return $"io.k8s.api.{group}.{version}.{bareName}";
    }

    /// <summary>The package segment Kubernetes uses for an API group: <c>""</c> is core, <c>apps</c> is apps.</summary>
    public static string Package(string group) => group.Length == 0 ? "core" : group.Split('.')[0];

    /// <summary>The OpenAPI package of an API group and version: <c>io.k8s.api.apps.v1</c>.</summary>
    public static string PackageOf(string group, string version) => $"io.k8s.api.{Package(group)}.{version}";

    // V1PodSpec -> (null, v1, PodSpec); Corev1Event -> (core, v1, Event); V1beta1Foo -> (null, v1beta1, Foo).
    private static (string? Group, string Version, string BareName) Split(string typeName)
    {
        var match = ModelNamePattern().Match(typeName);
        if (!match.Success)
        {
            return (null, "v1", typeName);
        }

        var group = match.Groups["group"].Value;
        return (group.Length == 0 ? null : group.ToLowerInvariant(), "v" + match.Groups["version"].Value,
            match.Groups["name"].Value);
    }

    [GeneratedRegex("^(?<group>[A-Z][a-z]+)?[Vv](?<version>[0-9]+(?:(?:alpha|beta)[0-9]+)?)(?<name>[A-Z].*)$")]
    private static partial Regex ModelNamePattern();
}
