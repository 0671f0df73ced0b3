using System.Text.Json.Nodes;
using Orchestrator.Api.OpenApi;
using Orchestrator.Api.Resources;
using Orchestrator.Api.Schema;

namespace Orchestrator.Api.Tests.OpenApi;

[TestClass]
public sealed class OpenApiDocumentsTests
{
    private static readonly OpenApiDocuments Documents = new(ResourceCatalog.Default, ModelSchemaCatalog.Default);

    [TestMethod]
    [TestCategory("Unit")]
    public void Root_ServedGroupVersions_ListsHashAddressedUrls()
    {
        var paths = Documents.Root()["paths"]!.AsObject();

        CollectionAssert.AreEquivalent(
            new[]
            {
                "api/v1", "apis/apps/v1", "apis/coordination.k8s.io/v1", "apis/events.k8s.io/v1",
                "apis/authorization.k8s.io/v1", "apis/discovery.k8s.io/v1", "apis/networking.k8s.io/v1",
                "apis/policy/v1",
            },
            paths.Select(p => p.Key).ToArray());
        foreach (var (path, entry) in paths)
        {
            var document = Documents.ForGroupVersion(path)!;
            Assert.AreEqual($"/openapi/v3/{path}?hash={document.Hash}", (string?)entry!["serverRelativeURL"]);
            Assert.MatchesRegex("^[0-9A-F]{128}$", document.Hash);
        }
    }

    [TestMethod]
    [TestCategory("Unit")]
    [DataRow("apis/batch/v1")]
    [DataRow("api/v2")]
    [DataRow("version")]
    public void ForGroupVersion_UnservedPath_ReturnsNull(string path)
    {
        Assert.IsNull(Documents.ForGroupVersion(path));
    }

    [TestMethod]
    [TestCategory("Unit")]
    public void ForGroupVersion_SameCatalog_SameBytesAndHash()
    {
        var other = new OpenApiDocuments(ResourceCatalog.Default, ModelSchemaCatalog.Default);

        var first = Documents.ForGroupVersion("apis/apps/v1")!;
        var second = other.ForGroupVersion("/apis/apps/v1/")!;

        Assert.AreEqual(first.Hash, second.Hash);
        CollectionAssert.AreEqual(first.Json, second.Json);
    }

    [TestMethod]
    [TestCategory("Unit")]
    [DataRow("api/v1", "", "Pod", "io.k8s.api.core.v1.Pod")]
    [DataRow("api/v1", "", "PodList", "io.k8s.api.core.v1.PodList")]
    [DataRow("api/v1", "", "Namespace", "io.k8s.api.core.v1.Namespace")]
    [DataRow("api/v1", "", "Binding", "io.k8s.api.core.v1.Binding")]
    [DataRow("api/v1", "policy", "Eviction", "io.k8s.api.policy.v1.Eviction")]
    [DataRow("apis/apps/v1", "apps", "Deployment", "io.k8s.api.apps.v1.Deployment")]
    [DataRow("apis/apps/v1", "apps", "ReplicaSet", "io.k8s.api.apps.v1.ReplicaSet")]
    [DataRow("apis/apps/v1", "autoscaling", "Scale", "io.k8s.api.autoscaling.v1.Scale")]
    [DataRow("apis/events.k8s.io/v1", "events.k8s.io", "Event", "io.k8s.api.events.v1.Event")]
    [DataRow("apis/coordination.k8s.io/v1", "coordination.k8s.io", "Lease", "io.k8s.api.coordination.v1.Lease")]
    public void ForGroupVersion_Kind_TaggedComponent(string path, string group, string kind, string component)
    {
        var schemas = Schemas(path);

        var tagged = schemas.Where(s => Tags(s.Value!).Contains((group, kind))).Select(s => s.Key).ToList();

        CollectionAssert.AreEqual(new[] { component }, tagged);
    }

    [TestMethod]
    [TestCategory("Unit")]
    [DataRow("api/v1")]
    [DataRow("apis/apps/v1")]
    [DataRow("apis/coordination.k8s.io/v1")]
    [DataRow("apis/events.k8s.io/v1")]
    [DataRow("apis/authorization.k8s.io/v1")]
    public void ForGroupVersion_EveryWriteOperation_HasGvkAndFieldValidation(string path)
    {
        var document = Parse(path);
        var writes = 0;

        foreach (var (url, item) in document["paths"]!.AsObject())
        {
            foreach (var method in new[] { "post", "put", "patch" })
            {
                if (item![method] is not JsonObject operation)
                {
                    continue;
                }

                writes++;
                Assert.IsNotNull(operation["x-kubernetes-group-version-kind"]?["kind"], $"{method} {url}");
                var parameters = operation["parameters"]!.AsArray().Select(p => (string?)p!["name"]).ToList();
                Assert.Contains("fieldValidation", parameters, $"{method} {url}");
                Assert.AreEqual("query", (string?)operation["parameters"]!.AsArray()
                    .First(p => (string?)p!["name"] == "fieldValidation")!["in"]);
                if (method == "patch")
                {
                    CollectionAssert.AreEquivalent(
                        OpenApiOperations.PatchContentTypes,
                        operation["requestBody"]!["content"]!.AsObject().Select(c => c.Key).ToArray());
                }
            }
        }

        Assert.IsGreaterThan(0, writes);
    }

    [TestMethod]
    [TestCategory("Unit")]
    [DataRow("apis/apps/v1", "/apis/apps/v1/namespaces/{namespace}/deployments/{name}", "patch", "Deployment")]
    [DataRow("apis/apps/v1", "/apis/apps/v1/namespaces/{namespace}/deployments/{name}/scale", "patch", "Scale")]
    [DataRow("apis/apps/v1", "/apis/apps/v1/namespaces/{namespace}/deployments/{name}/status", "put", "Deployment")]
    [DataRow("apis/apps/v1", "/apis/apps/v1/deployments", "get", "Deployment")]
    [DataRow("api/v1", "/api/v1/namespaces/{namespace}/pods", "post", "Pod")]
    [DataRow("api/v1", "/api/v1/namespaces/{namespace}/pods/{name}/binding", "post", "Binding")]
    [DataRow("api/v1", "/api/v1/namespaces/{namespace}/pods/{name}/eviction", "post", "Eviction")]
    [DataRow("api/v1", "/api/v1/nodes/{name}", "patch", "Node")]
    [DataRow("api/v1", "/api/v1/namespaces/{name}", "delete", "Namespace")]
    [DataRow("apis/authorization.k8s.io/v1", "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews", "post",
        "SelfSubjectAccessReview")]
    public void ForGroupVersion_ResourcePath_HasOperation(string document, string path, string method, string kind)
    {
        var operation = Parse(document)["paths"]![path]?[method];

        Assert.IsNotNull(operation, $"{method} {path}");
        Assert.AreEqual(kind, (string?)operation["x-kubernetes-group-version-kind"]!["kind"]);
    }

    [TestMethod]
    [TestCategory("Unit")]
    [DataRow("apis/apps/v1", "apps", "Deployment", "spec.replicas", "integer")]
    [DataRow("apis/apps/v1", "apps", "Deployment", "spec.template.spec.containers.image", "string")]
    [DataRow("apis/apps/v1", "apps", "Deployment", "metadata.labels", "object")]
    [DataRow("apis/apps/v1", "apps", "Deployment", "spec.strategy.rollingUpdate.maxSurge", null)]
    [DataRow("api/v1", "", "Pod", "spec.containers.ports.containerPort", "integer")]
    [DataRow("api/v1", "", "Pod", "metadata.creationTimestamp", "string")]
    [DataRow("api/v1", "", "Service", "spec.ports.targetPort", null)]
    public void ForGroupVersion_FieldPath_ResolvesLikeExplain(
        string path, string group, string kind, string fieldPath, string? type)
    {
        var schemas = Schemas(path);
        var schema = schemas.First(s => Tags(s.Value!).Contains((group, kind))).Value!.AsObject();

        foreach (var field in fieldPath.Split('.'))
        {
            schema = Resolve(schemas, schema);
            if ((string?)schema["type"] == "array")
            {
                schema = Resolve(schemas, schema["items"]!.AsObject());
            }

            schema = schema["properties"]?[field]?.AsObject()
                ?? throw new AssertFailedException($"{field} of {fieldPath} not found");
        }

        Assert.AreEqual(type, (string?)Resolve(schemas, schema)["type"]);
    }

    [TestMethod]
    [TestCategory("Unit")]
    [DataRow("io.k8s.api.core.v1.PodSpec", "containers", "merge", "name")]
    [DataRow("io.k8s.api.core.v1.PodSpec", "volumes", "merge,retainKeys", "name")]
    [DataRow("io.k8s.api.core.v1.Container", "env", "merge", "name")]
    [DataRow("io.k8s.api.core.v1.Container", "ports", "merge", "containerPort")]
    [DataRow("io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta", "ownerReferences", "merge", "uid")]
    public void ForGroupVersion_MergedList_CarriesPatchExtensions(
        string component, string property, string strategy, string mergeKey)
    {
        var schema = Schemas("apis/apps/v1")[component]!["properties"]![property]!;

        Assert.AreEqual(strategy, (string?)schema["x-kubernetes-patch-strategy"]);
        Assert.AreEqual(mergeKey, (string?)schema["x-kubernetes-patch-merge-key"]);
        Assert.AreEqual("map", (string?)schema["x-kubernetes-list-type"]);
    }

    [TestMethod]
    [TestCategory("Unit")]
    public void ForGroupVersion_EveryReference_PointsAtAComponent()
    {
        foreach (var path in Documents.Paths)
        {
            var text = System.Text.Encoding.UTF8.GetString(Documents.ForGroupVersion(path)!.Json);
            var schemas = Schemas(path);
            foreach (System.Text.RegularExpressions.Match match in
                System.Text.RegularExpressions.Regex.Matches(text, "\"#/components/schemas/([^\"]+)\""))
            {
                Assert.IsNotNull(schemas[match.Groups[1].Value], $"{match.Groups[1].Value} in {path}");
            }
        }
    }

    private static JsonObject Parse(string path) =>
        JsonNode.Parse(Documents.ForGroupVersion(path)!.Json)!.AsObject();

    private static JsonObject Schemas(string path) => Parse(path)["components"]!["schemas"]!.AsObject();

    private static List<(string Group, string Kind)> Tags(JsonNode schema) =>
        (schema["x-kubernetes-group-version-kind"] as JsonArray ?? [])
            .Select(t => ((string)t!["group"]!, (string)t["kind"]!)).ToList();

    private static JsonObject Resolve(JsonObject schemas, JsonObject schema)
    {
        var reference = (string?)schema["$ref"] ?? (string?)schema["allOf"]?[0]?["$ref"];
        return reference is null ? schema : schemas[reference["#/components/schemas/".Length..]]!.AsObject();
    }
}
