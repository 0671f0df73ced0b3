using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Orchestrator.Api.OpenApi;
using Orchestrator.Api.Resources;
using Orchestrator.Api.Schema;
using Wire = Orchestrator.Api.OpenApi.Wire;

namespace Orchestrator.Api.Tests.OpenApi;

[TestClass]
public sealed class OpenApiV2DocumentTests
{
    private const string Definitions = "#/definitions/";

    private static readonly OpenApiV2Document Document =
        new(new OpenApiDocuments(ResourceCatalog.Default, ModelSchemaCatalog.Default));

    private static readonly JsonObject Swagger = Document.Swagger();

    [TestMethod]
    [TestCategory("Unit")]
    public void Swagger_EveryServedKind_TaggedOnOneDefinition()
    {
        var catalog = ResourceCatalog.Default;
        var checkedKinds = 0;

        foreach (var (group, versions) in catalog.Groups)
        {
            foreach (var version in versions)
            {
                foreach (var resource in catalog.InGroupVersion(group, version))
                {
                    foreach (var kind in new[] { resource.Kind, resource.ListKind })
                    {
                        if (ModelSchemaCatalog.Default.FindKind(group, version, kind) is null)
                        {
                            continue;
                        }

                        var tagged = DefinitionsTagged(group, version, kind);
                        Assert.HasCount(1, tagged, $"{group}/{version} {kind}");
                        checkedKinds++;
                    }
                }
            }
        }

        Assert.IsGreaterThan(20, checkedKinds);
    }

    [TestMethod]
    [TestCategory("Unit")]
    [DataRow("apps", "v1", "Deployment", "io.k8s.api.apps.v1.Deployment")]
    [DataRow("", "v1", "Pod", "io.k8s.api.core.v1.Pod")]
    [DataRow("", "v1", "PodList", "io.k8s.api.core.v1.PodList")]
    [DataRow("autoscaling", "v1", "Scale", "io.k8s.api.autoscaling.v1.Scale")]
    [DataRow("coordination.k8s.io", "v1", "Lease", "io.k8s.api.coordination.v1.Lease")]
    [DataRow("", "v1", "Status", "io.k8s.apimachinery.pkg.apis.meta.v1.Status")]
    [DataRow("apps", "v1", "DeleteOptions", "io.k8s.apimachinery.pkg.apis.meta.v1.DeleteOptions")]
    [DataRow("", "v1", "DeleteOptions", "io.k8s.apimachinery.pkg.apis.meta.v1.DeleteOptions")]
    public void Swagger_Kind_TaggedDefinition(string group, string version, string kind, string definition)
    {
        CollectionAssert.AreEqual(new[] { definition }, DefinitionsTagged(group, version, kind));
    }

    [TestMethod]
    [TestCategory("Unit")]
    public void Swagger_EveryWriteOperation_HasGvkAndFieldValidationQuery()
    {
        var writes = 0;

        foreach (var (url, item) in Swagger["paths"]!.AsObject())
        {
            foreach (var method in new[] { "post", "put", "patch" })
            {
                if (item![method] is not JsonObject operation)
                {
                    continue;
                }

                writes++;
                Assert.IsNotNull(operation["x-kubernetes-group-version-kind"]?["kind"], $"{method} {url}");
                var parameter = operation["parameters"]!.AsArray()
                    .FirstOrDefault(p => (string?)p!["name"] == "fieldValidation");
                Assert.IsNotNull(parameter, $"{method} {url}");
                Assert.AreEqual("query", (string?)parameter["in"]);
                Assert.AreEqual("string", (string?)parameter["type"]);
                var body = operation["parameters"]!.AsArray().Single(p => (string?)p!["in"] == "body")!;
                StringAssert.StartsWith((string?)body["schema"]!["$ref"], Definitions, $"{method} {url}");
            }
        }

        Assert.IsGreaterThan(20, writes);
    }

    [TestMethod]
    [TestCategory("Unit")]
    [DataRow("apps", "v1", "Deployment")]
    [DataRow("apps", "v1", "ReplicaSet")]
    [DataRow("", "v1", "Pod")]
    [DataRow("", "v1", "Node")]
    [DataRow("", "v1", "ConfigMap")]
    [DataRow("coordination.k8s.io", "v1", "Lease")]
    [DataRow("events.k8s.io", "v1", "Event")]
    [DataRow("autoscaling", "v1", "Scale")]
    public void Protobuf_FirstPatchOfKind_HasFieldValidationLikeQueryParamVerifier(
        string group, string version, string kind)
    {
        // cli-runtime's v2 verifier decides on the first path whose PATCH carries the kind.
        var document = Wire.Document.Parser.ParseFrom(Document.Protobuf);
        var tag = new JsonObject { ["group"] = group, ["kind"] = kind, ["version"] = version };

        var patch = document.Paths.Path.Select(p => p.Value.Patch).FirstOrDefault(operation =>
            operation?.VendorExtension.Any(e => e.Name == "x-kubernetes-group-version-kind"
                && JsonNode.DeepEquals(JsonNode.Parse(e.Value.Yaml), tag)) == true);

        Assert.IsNotNull(patch, $"{group}/{version} {kind}");
        Assert.IsTrue(patch.Parameters.Any(p =>
            p.Parameter?.NonBodyParameter?.QueryParameterSubSchema?.Name == "fieldValidation"));
        CollectionAssert.IsSubsetOf(
            new[] { "application/strategic-merge-patch+json", "application/merge-patch+json" }, patch.Consumes);
    }

    [TestMethod]
    [TestCategory("Unit")]
    public void Swagger_EveryReference_ResolvesToADefinition()
    {
        var text = System.Text.Encoding.UTF8.GetString(Document.Json);
        var references = Regex.Matches(text, "\"\\$ref\":\"([^\"]+)\"").Select(m => m.Groups[1].Value).ToList();

        Assert.IsGreaterThan(100, references.Count);
        foreach (var reference in references.Distinct())
        {
            StringAssert.StartsWith(reference, Definitions);
            Assert.IsNotNull(Swagger["definitions"]![reference[Definitions.Length..]], reference);
        }

        foreach (var v3Only in new[] { "#/components/", "\"allOf\"", "\"oneOf\"", "\"requestBody\"" })
        {
            Assert.DoesNotContain(v3Only, text);
        }
    }

    [TestMethod]
    [TestCategory("Unit")]
    public void Protobuf_EveryDefinition_ParsesUnderKubeOpenApiRules()
    {
        var document = Wire.Document.Parser.ParseFrom(Document.Protobuf);
        var names = document.Definitions.AdditionalProperties.Select(d => d.Name).ToHashSet();

        foreach (var definition in document.Definitions.AdditionalProperties)
        {
            CheckParses(definition.Value, definition.Name, names);
        }

        CollectionAssert.AreEqual(
            Swagger["definitions"]!.AsObject().Select(d => d.Key).ToArray(), names.ToArray());
        CollectionAssert.AreEqual(
            Swagger["paths"]!.AsObject().Select(p => p.Key).ToArray(),
            document.Paths.Path.Select(p => p.Name).ToArray());
        Assert.AreEqual("2.0", document.Swagger);
    }

    [TestMethod]
    [TestCategory("Unit")]
    [DataRow("io.k8s.api.core.v1.PodSpec", "containers", "merge", "name")]
    [DataRow("io.k8s.api.core.v1.PodSpec", "volumes", "merge,retainKeys", "name")]
    [DataRow("io.k8s.api.core.v1.Container", "env", "merge", "name")]
    [DataRow("io.k8s.api.core.v1.Container", "ports", "merge", "containerPort")]
    [DataRow("io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta", "ownerReferences", "merge", "uid")]
    public void Protobuf_MergedList_CarriesPatchExtensionsAsYaml(
        string definition, string property, string strategy, string mergeKey)
    {
        var document = Wire.Document.Parser.ParseFrom(Document.Protobuf);

        var schema = document.Definitions.AdditionalProperties.Single(d => d.Name == definition).Value
            .Properties.AdditionalProperties.Single(p => p.Name == property).Value;
        var extensions = schema.VendorExtension.ToDictionary(e => e.Name, e => JsonNode.Parse(e.Value.Yaml));

        Assert.AreEqual(strategy, (string?)extensions["x-kubernetes-patch-strategy"]);
        Assert.AreEqual(mergeKey, (string?)extensions["x-kubernetes-patch-merge-key"]);
        Assert.AreEqual("array", schema.Type.Value.Single());
        StringAssert.StartsWith(schema.Items.Schema.Single().Ref, Definitions);
    }

    [TestMethod]
    [TestCategory("Unit")]
    [DataRow("io.k8s.api.apps.v1.DeploymentSpec", "replicas", "integer", "int32")]
    [DataRow("io.k8s.api.core.v1.ServicePort", "targetPort", null, null)]
    [DataRow("io.k8s.apimachinery.pkg.util.intstr.IntOrString", null, "string", "int-or-string")]
    [DataRow("io.k8s.apimachinery.pkg.api.resource.Quantity", null, "string", null)]
    [DataRow("io.k8s.apimachinery.pkg.apis.meta.v1.Time", null, "string", "date-time")]
    public void Swagger_Field_HasSwaggerTypeAndFormat(
        string definition, string? property, string? type, string? format)
    {
        var schema = Swagger["definitions"]![definition]!;
        if (property is not null)
        {
            schema = schema["properties"]![property]!;
        }

        Assert.AreEqual(type, (string?)schema["type"]);
        Assert.AreEqual(format, (string?)schema["format"]);
    }

    [TestMethod]
    [TestCategory("Unit")]
    [DataRow(OpenApiV2Document.ProtobufAcceptType, true)]
    [DataRow(OpenApiV2Document.ProtobufContentType, true)]
    [DataRow("application/json", false)]
    [DataRow("", false)]
    [DataRow(null, false)]
    [DataRow("application/json, " + OpenApiV2Document.ProtobufAcceptType, false)]
    [DataRow(OpenApiV2Document.ProtobufAcceptType + ", application/json", true)]
    [DataRow(OpenApiV2Document.ProtobufAcceptType + ";q=0.5, application/json", false)]
    [DataRow("application/json;q=0.5, " + OpenApiV2Document.ProtobufContentType, true)]
    [DataRow("text/html, " + OpenApiV2Document.ProtobufAcceptType, true)]
    public void WantsProtobuf_Accept_PicksPreferredEncoding(string? accept, bool protobuf)
    {
        Assert.AreEqual(protobuf, OpenApiV2Document.WantsProtobuf(accept));
    }

    [TestMethod]
    [TestCategory("Unit")]
    public void Encodings_ReadTwice_BuiltOnceWithDistinctETags()
    {
        var json = new[] { Document.Json, Document.Json };
        var protobuf = new[] { Document.Protobuf, Document.Protobuf };

        Assert.AreSame(json[0], json[1]);
        Assert.AreSame(protobuf[0], protobuf[1]);
        Assert.AreNotEqual(Document.JsonETag, Document.ProtobufETag);
        Assert.MatchesRegex("^\"[0-9A-F]{128}\"$", Document.JsonETag);
    }

    [TestMethod]
    [TestCategory("Unit")]
    public void Encodings_SameCatalog_SameBytes()
    {
        var other = new OpenApiV2Document(new OpenApiDocuments(ResourceCatalog.Default, ModelSchemaCatalog.Default));

        CollectionAssert.AreEqual(Document.Json, other.Json);
        CollectionAssert.AreEqual(Document.Protobuf, other.Protobuf);
    }

    private static List<string> DefinitionsTagged(string group, string version, string kind) =>
        Swagger["definitions"]!.AsObject()
            .Where(d => (d.Value!["x-kubernetes-group-version-kind"] as JsonArray ?? []).Any(t =>
                (string?)t!["group"] == group && (string?)t["version"] == version && (string?)t["kind"] == kind))
            .Select(d => d.Key)
            .ToList();

    // The checks kube-openapi's proto.NewOpenAPIData makes; one failure makes kubectl reject the whole document.
    private static void CheckParses(Wire.Schema schema, string path, HashSet<string> definitions)
    {
        foreach (var extension in schema.VendorExtension)
        {
            Assert.IsNotNull(JsonNode.Parse(extension.Value.Yaml), $"{path} {extension.Name}");
        }

        if (schema.Ref.Length > 0)
        {
            Assert.IsTrue(schema.Type is null || schema.Type.Value.Count == 0, $"{path}: reference with a type");
            Assert.IsTrue(schema.Properties is null || schema.Properties.AdditionalProperties.Count == 0, path);
            StringAssert.StartsWith(schema.Ref, Definitions, path);
            Assert.Contains(schema.Ref[Definitions.Length..], definitions, $"{path}: dangling {schema.Ref}");
            return;
        }

        var types = schema.Type?.Value.ToList() ?? [];
        Assert.IsLessThanOrEqualTo(1, types.Count, path);
        var type = types.SingleOrDefault() ?? "";
        switch (type)
        {
            case "array":
                Assert.HasCount(1, schema.Items.Schema, $"{path}: array items");
                CheckParses(schema.Items.Schema[0], path + "[]", definitions);
                break;
            case "object" or "" when schema.Properties is not null:
                foreach (var property in schema.Properties.AdditionalProperties)
                {
                    CheckParses(property.Value, $"{path}.{property.Name}", definitions);
                }

                break;
            case "object" or "":
                if (schema.AdditionalProperties?.Schema is { } values)
                {
                    CheckParses(values, path + "{}", definitions);
                }

                break;
            default:
                Assert.Contains(type, new[] { "string", "number", "integer", "boolean" }, path);
                break;
        }
    }
}
