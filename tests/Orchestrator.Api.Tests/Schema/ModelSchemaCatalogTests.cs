using Orchestrator.Api.Resources;
using Orchestrator.Api.Schema;

namespace Orchestrator.Api.Tests.Schema;

[TestClass]
public sealed class ModelSchemaCatalogTests
{
    private static ModelSchemaCatalog Catalog => ModelSchemaCatalog.Default;

    [TestMethod]
    [TestCategory("Unit")]
    public void FindKind_EveryServedKindAndList_HasSchema()
    {
        foreach (var resource in BuiltInResources.All)
        {
            var kind = Catalog.FindKind(resource.Group, resource.Version, resource.Kind);
            Assert.IsNotNull(kind, resource.Kind);
            Assert.AreEqual(SchemaType.Object, kind.Type);
            Assert.IsNotNull(kind.Property("metadata"), resource.Kind);
            if (resource.Verbs.Contains("list"))
            {
                Assert.IsNotNull(Catalog.FindKind(resource.Group, resource.Version, resource.ListKind), resource.Kind);
            }
        }
    }

    [TestMethod]
    [TestCategory("Unit")]
    [DataRow("autoscaling", "v1", "Scale", "io.k8s.api.autoscaling.v1.Scale")]
    [DataRow("", "v1", "Binding", "io.k8s.api.core.v1.Binding")]
    [DataRow("policy", "v1", "Eviction", "io.k8s.api.policy.v1.Eviction")]
    [DataRow("apps", "v1", "Deployment", "io.k8s.api.apps.v1.Deployment")]
    [DataRow("", "v1", "Event", "io.k8s.api.core.v1.Event")]
    [DataRow("events.k8s.io", "v1", "Event", "io.k8s.api.events.v1.Event")]
    [DataRow("coordination.k8s.io", "v1", "Lease", "io.k8s.api.coordination.v1.Lease")]
    [DataRow("authorization.k8s.io", "v1", "SelfSubjectAccessReview",
        "io.k8s.api.authorization.v1.SelfSubjectAccessReview")]
    [DataRow("apps", "v1", "Status", "io.k8s.apimachinery.pkg.apis.meta.v1.Status")]
    [DataRow("", "v1", "DeleteOptions", "io.k8s.apimachinery.pkg.apis.meta.v1.DeleteOptions")]
    [DataRow("policy", "v1", "PodDisruptionBudget", "io.k8s.api.policy.v1.PodDisruptionBudget")]
    public void FindKind_Kind_HasKubernetesTypeName(string group, string version, string kind, string typeName)
    {
        Assert.AreEqual(typeName, Catalog.FindKind(group, version, kind)?.TypeName);
    }

    [TestMethod]
    [TestCategory("Unit")]
    public void FindKind_PodDisruptionBudget_NestedTypesInPolicyAndConditionsMergedByType()
    {
        var budget = Catalog.FindKind("policy", "v1", "PodDisruptionBudget")!;
        var conditions = budget.Property("status")!.Property("conditions")!;

        Assert.AreEqual("io.k8s.api.policy.v1.PodDisruptionBudgetSpec", budget.Property("spec")!.TypeName);
        Assert.AreEqual("io.k8s.api.policy.v1.PodDisruptionBudgetStatus", budget.Property("status")!.TypeName);
        Assert.AreEqual("type", conditions.PatchMergeKey);
        CollectionAssert.AreEqual(new[] { "type" }, conditions.ListMapKeys.ToArray());
    }

    [TestMethod]
    [TestCategory("Unit")]
    public void FindKind_UnservedKind_ReturnsNull()
    {
        Assert.IsNull(Catalog.FindKind("apps", "v1", "StatefulSet"));
        Assert.IsNull(Catalog.FindKind("batch", "v1", "Job"));
    }

    [TestMethod]
    [TestCategory("Unit")]
    [DataRow("spec.replicas", SchemaType.Integer, null)]
    [DataRow("spec.template.spec.containers", SchemaType.Array, null)]
    [DataRow("spec.template.spec.containers[].image", SchemaType.String, null)]
    [DataRow("spec.template.spec.containers[].ports[].containerPort", SchemaType.Integer, null)]
    [DataRow("spec.template.spec.containers[].resources.limits", SchemaType.Map, null)]
    [DataRow("spec.template.spec.containers[].resources.limits{}", SchemaType.Quantity, null)]
    [DataRow("spec.template.spec.containers[].livenessProbe.httpGet.port", SchemaType.IntOrString, null)]
    [DataRow("spec.template.metadata", SchemaType.Object, "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta")]
    [DataRow("spec.template.metadata.labels", SchemaType.Map, null)]
    [DataRow("metadata.creationTimestamp", SchemaType.DateTime, "io.k8s.apimachinery.pkg.apis.meta.v1.Time")]
    [DataRow("metadata.managedFields[].fieldsV1", SchemaType.Any, null)]
    [DataRow("spec.selector", SchemaType.Object, "io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelector")]
    [DataRow("spec.template", SchemaType.Object, "io.k8s.api.core.v1.PodTemplateSpec")]
    [DataRow("spec.strategy.rollingUpdate", SchemaType.Object, "io.k8s.api.apps.v1.RollingUpdateDeployment")]
    [DataRow("status.conditions[]", SchemaType.Object, "io.k8s.api.apps.v1.DeploymentCondition")]
    public void FindKind_DeploymentField_HasShape(string path, SchemaType type, string? typeName)
    {
        var node = Walk(Catalog.FindKind("apps", "v1", "Deployment")!, path);

        Assert.AreEqual(type, node.Type);
        if (typeName is not null)
        {
            Assert.AreEqual(typeName, node.TypeName);
        }
    }

    [TestMethod]
    [TestCategory("Unit")]
    [DataRow("Pod", "spec.containers", "merge", "name", "map", "name")]
    [DataRow("Pod", "spec.initContainers", "merge", "name", "map", "name")]
    [DataRow("Pod", "spec.ephemeralContainers", "merge", "name", "map", "name")]
    [DataRow("Pod", "spec.containers[].env", "merge", "name", "map", "name")]
    [DataRow("Pod", "spec.containers[].ports", "merge", "containerPort", "map", "containerPort,protocol")]
    [DataRow("Pod", "spec.containers[].volumeMounts", "merge", "mountPath", "map", "mountPath")]
    [DataRow("Pod", "spec.volumes", "merge,retainKeys", "name", "map", "name")]
    [DataRow("Pod", "spec.imagePullSecrets", "merge", "name", "map", "name")]
    [DataRow("Pod", "spec.tolerations", null, null, "atomic", "")]
    [DataRow("Pod", "metadata.finalizers", "merge", null, "set", "")]
    [DataRow("Pod", "metadata.ownerReferences", "merge", "uid", "map", "uid")]
    [DataRow("Pod", "status.conditions", "merge", "type", "map", "type")]
    [DataRow("Service", "spec.ports", "merge", "port", "map", "port,protocol")]
    [DataRow("Node", "status.addresses", "merge", "type", "map", "type")]
    [DataRow("Deployment", "spec.strategy", "retainKeys", null, null, "")]
    [DataRow("Deployment", "status.conditions", "merge", "type", "map", "type")]
    [DataRow("ReplicaSet", "spec.template.spec.containers", "merge", "name", "map", "name")]
    [DataRow("ServiceAccount", "secrets", "merge", "name", "map", "name")]
    public void FindKind_PatchedList_HasKubernetesTraits(
        string kind, string path, string? strategy, string? mergeKey, string? listType, string mapKeys)
    {
        var resource = ResourceCatalog.Default.Resources.First(r => r.Kind == kind);
        var node = Walk(Catalog.FindKind(resource.Group, resource.Version, kind)!, path);

        Assert.AreEqual(strategy, node.PatchStrategy, "patch strategy");
        Assert.AreEqual(mergeKey, node.PatchMergeKey, "merge key");
        Assert.AreEqual(listType, node.ListType, "list type");
        Assert.AreEqual(mapKeys, string.Join(",", node.ListMapKeys), "list map keys");
    }

    [TestMethod]
    [TestCategory("Unit")]
    [DataRow("Deployment", "spec.template.spec.containers[]", "name", "image")]
    [DataRow("Deployment", "spec", "selector,template", "replicas")]
    [DataRow("Deployment", "spec.template.spec", "containers", "nodeName")]
    [DataRow("Deployment", "spec.template.spec.containers[].ports[]", "containerPort", "protocol")]
    [DataRow("Deployment", "spec.template.spec.containers[].env[]", "name", "value")]
    [DataRow("Deployment", "metadata.ownerReferences[]", "apiVersion,kind,name,uid", "controller")]
    [DataRow("Service", "spec.ports[]", "port", "targetPort")]
    [DataRow("SelfSubjectAccessReview", "", "spec", "status")]
    [DataRow("SelfSubjectAccessReview", "status", "allowed", "reason")]
    [DataRow("Pod", "status.conditions[]", "type,status", "reason")]
    public void FindKind_Type_RequiresKubernetesRequiredFields(
        string kind, string path, string required, string optional)
    {
        var resource = ResourceCatalog.Default.Resources.First(r => r.Kind == kind);
        var node = Walk(Catalog.FindKind(resource.Group, resource.Version, kind)!, path);

        foreach (var name in required.Split(','))
        {
            Assert.Contains(name, node.Required);
        }

        Assert.DoesNotContain(optional, node.Required);
    }

    [TestMethod]
    [TestCategory("Unit")]
    public void FindKind_DocumentationPresent_DescribesKindsAndFields()
    {
        var deployment = Catalog.FindKind("apps", "v1", "Deployment")!;

        StringAssert.Contains(deployment.Description, "Deployment");
        StringAssert.Contains(Walk(deployment, "spec.replicas").Description, "Number of desired pods");
    }

    [TestMethod]
    [TestCategory("Unit")]
    public void ModelDocumentation_Summary_JoinsWrappedLinesAndDecodesEntities()
    {
        var file = Path.GetTempFileName();
        try
        {
            File.WriteAllText(file, """
                <?xml version="1.0"?>
                <doc><members>
                  <member name="T:k8s.Models.V1Pod">
                    <summary>
                    First line
                    continues &quot;here&quot;.
                    </summary>
                  </member>
                  <member name="T:k8s.Kubernetes"><summary>Not a model.</summary></member>
                </members></doc>
                """);

            var documentation = ModelDocumentation.Load(file);

            Assert.AreEqual("First line continues \"here\".", documentation.OfType(typeof(k8s.Models.V1Pod)));
            Assert.IsNull(documentation.OfType(typeof(k8s.Kubernetes)));
        }
        finally
        {
            File.Delete(file);
        }
    }

    // Walks a dotted path; "[]" steps into array items and "{}" into map values.
    internal static SchemaNode Walk(SchemaNode root, string path)
    {
        var node = root;
        foreach (var segment in path.Split('.', StringSplitOptions.RemoveEmptyEntries))
        {
            var name = segment.TrimEnd('[', ']', '{', '}');
            node = node.Property(name) ?? throw new AssertFailedException($"no property {name} in {path}");
            var steps = segment[name.Length..];
            for (var i = 0; i < steps.Length; i += 2)
            {
                node = node.Items ?? throw new AssertFailedException($"{segment} has no items in {path}");
            }
        }

        return node;
    }
}
