using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Orchestrator.Api.Resources;
using Orchestrator.Api.Schema;

namespace Orchestrator.Api.OpenApi;

/// <summary>
/// The OpenAPI v3 documents of the served API: the root that <c>GET /openapi/v3</c> answers, listing one document
/// per group version, and those documents, built once on first use. kubectl reads them for <c>explain</c>, for the
/// strategic-merge metadata of client-side apply, and to learn that the server validates fields itself.
/// </summary>
public sealed class OpenApiDocuments
{
    private const string MetaPackage = KubernetesTypeNames.MetaPackage;

    private readonly ResourceCatalog _resources;
    private readonly ISchemaCatalog _schemas;
    private readonly Lazy<IReadOnlyDictionary<string, OpenApiDocument>> _documents;

    public OpenApiDocuments(ResourceCatalog resources, ISchemaCatalog schemas)
    {
        _resources = resources;
        _schemas = schemas;
        _documents = new Lazy<IReadOnlyDictionary<string, OpenApiDocument>>(BuildAll);
    }

    /// <summary>The document paths served, such as <c>api/v1</c> and <c>apis/apps/v1</c>.</summary>
    public IReadOnlyCollection<string> Paths => _documents.Value.Keys.ToList();

    /// <summary>The root document: every group version's document with its hash-addressed URL.</summary>
    public JsonObject Root()
    {
        var paths = new JsonObject();
        foreach (var (path, document) in _documents.Value)
        {
            paths[path] = new JsonObject { ["serverRelativeURL"] = document.ServerRelativeUrl };
        }

        return new JsonObject { ["paths"] = paths };
    }

    /// <summary>The document of <c>api/v1</c> or <c>apis/{group}/{version}</c>, or null when none is served.</summary>
    public OpenApiDocument? ForGroupVersion(string path) =>
        _documents.Value.GetValueOrDefault(path.Trim('/'));

    private Dictionary<string, OpenApiDocument> BuildAll()
    {
        var documents = new Dictionary<string, OpenApiDocument>(StringComparer.Ordinal);
        foreach (var (group, versions) in _resources.Groups)
        {
            foreach (var version in versions)
            {
                var path = group.Length == 0 ? $"api/{version}" : $"apis/{group}/{version}";
                var json = JsonSerializer.SerializeToUtf8Bytes(Build(group, version));
                documents[path] = new OpenApiDocument(path, json, Convert.ToHexString(SHA512.HashData(json)));
            }
        }

        return documents;
    }

    private JsonObject Build(string group, string version)
    {
        var writer = new OpenApiSchemaWriter();
        var paths = new JsonObject();
        foreach (var resource in _resources.InGroupVersion(group, version))
        {
            var names = AddKinds(writer, resource);
            if (names is not null)
            {
                OpenApiOperations.AddResource(paths, resource, names);
            }
        }

        AddMetaKind(writer, "Status", "", "v1");
        AddMetaKind(writer, "DeleteOptions", group, version);
        AddMetaKind(writer, "WatchEvent", group, version);
        var components = writer.Components();
        components[MetaPackage + ".Patch"] = new JsonObject
        {
            ["description"] = "The body of a PATCH request, in the format its content type names.",
            ["type"] = "object",
        };

        return new JsonObject
        {
            ["openapi"] = "3.0.0",
            ["info"] = new JsonObject { ["title"] = "Kubernetes", ["version"] = "v1.32.5" },
            ["paths"] = paths,
            ["components"] = new JsonObject
            {
                ["schemas"] = components,
                ["securitySchemes"] = new JsonObject
                {
                    ["BearerToken"] = new JsonObject
                    {
                        ["description"] = "Bearer Token authentication",
                        ["in"] = "header",
                        ["name"] = "authorization",
                        ["type"] = "apiKey",
                    },
                },
            },
            ["security"] = new JsonArray(new JsonObject { ["BearerToken"] = new JsonArray() }),
        };
    }

    private OpenApiOperations.KindNames? AddKinds(OpenApiSchemaWriter writer, ResourceDefinition resource)
    {
        var kind = _schemas.FindKind(resource.Group, resource.Version, resource.Kind);
        if (kind is null)
        {
            return null;
        }

        var kindName = writer.AddKind(kind, resource.Group, resource.Version, resource.Kind);
        var list = _schemas.FindKind(resource.Group, resource.Version, resource.ListKind);
        var listName = list is null ? null : writer.AddKind(list, resource.Group, resource.Version, resource.ListKind);
        var subresources = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var subresource in resource.Subresources)
        {
            var group = subresource.Group.Length == 0 ? resource.Group : subresource.Group;
            var version = subresource.Version.Length == 0 ? resource.Version : subresource.Version;
            if (_schemas.FindKind(group, version, subresource.Kind) is { } schema)
            {
                subresources[subresource.Name] = writer.AddKind(schema, group, version, subresource.Kind);
            }
        }

        return new OpenApiOperations.KindNames(kindName, listName, subresources);
    }

    private void AddMetaKind(OpenApiSchemaWriter writer, string kind, string group, string version)
    {
        if (_schemas.FindKind(group, version, kind) is { TypeName: not null } schema)
        {
            writer.AddKind(schema, group, version, kind);
        }
    }
}
