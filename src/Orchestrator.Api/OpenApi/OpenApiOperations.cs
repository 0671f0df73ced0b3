using System.Text.Json.Nodes;
using Orchestrator.Api.Resources;

namespace Orchestrator.Api.OpenApi;

/// <summary>
/// Writes the <c>paths</c> of a resource as kube-apiserver publishes them: the collection (list, watch, create,
/// deletecollection), the item (read, replace, patch, delete), and the subresources that have a schema. Every write
/// operation carries <c>x-kubernetes-group-version-kind</c> and the <c>fieldValidation</c> parameter, which kubectl
/// looks for before it trusts the server to validate fields.
/// </summary>
public static class OpenApiOperations
{
    public static readonly string[] PatchContentTypes =
    [
        "application/json-patch+json",
        "application/merge-patch+json",
        "application/strategic-merge-patch+json",
        "application/apply-patch+yaml",
    ];

    private static readonly string[] ListParameters =
    [
        "allowWatchBookmarks", "continue", "fieldSelector", "labelSelector", "limit", "resourceVersion",
        "resourceVersionMatch", "sendInitialEvents", "timeoutSeconds", "watch",
    ];

    private static readonly string[] IntegerParameters = ["limit", "timeoutSeconds", "gracePeriodSeconds"];

    private static readonly string[] BooleanParameters =
    [
        "allowWatchBookmarks", "sendInitialEvents", "watch", "force", "orphanDependents",
        "ignoreStoreReadErrorWithClusterBreakingPotential",
    ];

    /// <summary>The names a resource's kinds have as components, by kind.</summary>
    public sealed record KindNames(string Kind, string? List, IReadOnlyDictionary<string, string> Subresources);

    public static void AddResource(JsonObject paths, ResourceDefinition resource, KindNames names)
    {
        var prefix = resource.Group.Length == 0 ? "/api/v1" : $"/apis/{resource.Group}/{resource.Version}";
        var collection = resource.IsNamespaced
            ? $"{prefix}/namespaces/{{namespace}}/{resource.Plural}"
            : $"{prefix}/{resource.Plural}";
        var gvk = Gvk(resource.Group, resource.Version, resource.Kind);
        var verbs = resource.Verbs.ToHashSet(StringComparer.Ordinal);
        var scope = resource.IsNamespaced ? new[] { "namespace" } : [];

        var collectionItem = PathItem(scope);
        if (verbs.Contains("list") && names.List is not null)
        {
            collectionItem["get"] = Operation("list", resource, gvk, ListParameters, null,
                ("200", names.List, ["application/json", "application/json;stream=watch"]));
        }

        if (verbs.Contains("create"))
        {
            collectionItem["post"] = Operation("post", resource, gvk, ["dryRun", "fieldManager", "fieldValidation"],
                Body(names.Kind, ["application/json"]), ("200", names.Kind, null), ("201", names.Kind, null),
                ("202", names.Kind, null));
        }

        if (verbs.Contains("deletecollection"))
        {
            collectionItem["delete"] = Operation("deletecollection", resource, gvk,
                [.. ListParameters.Where(p => p != "watch"), "dryRun", "gracePeriodSeconds", "propagationPolicy"],
                Body("io.k8s.apimachinery.pkg.apis.meta.v1.DeleteOptions", ["application/json"]),
                ("200", "io.k8s.apimachinery.pkg.apis.meta.v1.Status", null));
        }

        AddIfAny(paths, collection, collectionItem);
        if (resource.IsNamespaced && verbs.Contains("list") && names.List is not null)
        {
            var allNamespaces = PathItem([]);
            allNamespaces["get"] = Operation("list", resource, gvk, ListParameters, null,
                ("200", names.List, ["application/json", "application/json;stream=watch"]));
            paths[$"{prefix}/{resource.Plural}"] = allNamespaces;
        }

        var item = PathItem([.. scope, "name"]);
        if (verbs.Contains("get"))
        {
            item["get"] = Operation("get", resource, gvk, [], null, ("200", names.Kind, null));
        }

        if (verbs.Contains("update"))
        {
            item["put"] = Operation("put", resource, gvk, ["dryRun", "fieldManager", "fieldValidation"],
                Body(names.Kind, ["application/json"]), ("200", names.Kind, null), ("201", names.Kind, null));
        }

        if (verbs.Contains("patch"))
        {
            item["patch"] = Operation("patch", resource, gvk,
                ["dryRun", "fieldManager", "fieldValidation", "force"], PatchBody(),
                ("200", names.Kind, null), ("201", names.Kind, null));
        }

        if (verbs.Contains("delete"))
        {
            item["delete"] = Operation("delete", resource, gvk,
                ["dryRun", "gracePeriodSeconds", "ignoreStoreReadErrorWithClusterBreakingPotential",
                    "orphanDependents", "propagationPolicy"],
                Body("io.k8s.apimachinery.pkg.apis.meta.v1.DeleteOptions", ["application/json"]),
                ("200", names.Kind, null), ("202", names.Kind, null));
        }

        AddIfAny(paths, collection + "/{name}", item);
        foreach (var subresource in resource.Subresources)
        {
            if (names.Subresources.TryGetValue(subresource.Name, out var component))
            {
                AddSubresource(paths, resource, subresource, collection + "/{name}/" + subresource.Name, component,
                    [.. scope, "name"]);
            }
        }
    }

    private static void AddSubresource(
        JsonObject paths, ResourceDefinition resource, SubresourceDefinition subresource, string path,
        string component, string[] pathParameters)
    {
        var group = subresource.Group.Length == 0 ? resource.Group : subresource.Group;
        var version = subresource.Version.Length == 0 ? resource.Version : subresource.Version;
        var gvk = Gvk(group, version, subresource.Kind);
        var item = PathItem(pathParameters);
        foreach (var verb in subresource.Verbs)
        {
            switch (verb)
            {
                case "get":
                    item["get"] = Operation("get", resource, gvk, [], null, ("200", component, null));
                    break;
                case "update":
                    item["put"] = Operation("put", resource, gvk, ["dryRun", "fieldManager", "fieldValidation"],
                        Body(component, ["application/json"]), ("200", component, null), ("201", component, null));
                    break;
                case "patch":
                    item["patch"] = Operation("patch", resource, gvk,
                        ["dryRun", "fieldManager", "fieldValidation", "force"], PatchBody(),
                        ("200", component, null), ("201", component, null));
                    break;
                case "create":
                    item["post"] = Operation("post", resource, gvk, ["dryRun", "fieldManager", "fieldValidation"],
                        Body(component, ["application/json"]), ("200", component, null), ("201", component, null),
                        ("202", component, null));
                    break;
            }
        }

        AddIfAny(paths, path, item);
    }

    private static JsonObject Operation(
        string action, ResourceDefinition resource, JsonObject gvk, IEnumerable<string> queryParameters,
        JsonObject? requestBody, params (string Code, string Component, string[]? ContentTypes)[] responses)
    {
        var operation = new JsonObject
        {
            ["description"] = $"{action} {resource.Kind}",
            ["tags"] = new JsonArray(Tag(resource)),
        };
        var parameters = new JsonArray();
        foreach (var name in queryParameters)
        {
            parameters.Add(QueryParameter(name));
        }

        operation["parameters"] = parameters;
        if (requestBody is not null)
        {
            operation["requestBody"] = requestBody;
        }

        var responseObject = new JsonObject();
        foreach (var (code, component, contentTypes) in responses)
        {
            var content = new JsonObject();
            foreach (var type in contentTypes ?? ["application/json"])
            {
                content[type] = new JsonObject { ["schema"] = OpenApiSchemaWriter.Ref(component) };
            }

            responseObject[code] = new JsonObject { ["content"] = content, ["description"] = Reason(code) };
        }

        responseObject["401"] = new JsonObject { ["description"] = "Unauthorized" };
        operation["responses"] = responseObject;
        operation["x-kubernetes-action"] = action;
        operation["x-kubernetes-group-version-kind"] = gvk.DeepClone();
        return operation;
    }

    private static JsonObject PathItem(IEnumerable<string> pathParameters)
    {
        var parameters = new JsonArray();
        foreach (var name in pathParameters)
        {
            parameters.Add(new JsonObject
            {
                ["description"] = name == "namespace" ? "object name and auth scope, such as for teams and projects"
                    : "name of the object",
                ["in"] = "path",
                ["name"] = name,
                ["required"] = true,
                ["schema"] = new JsonObject { ["type"] = "string", ["uniqueItems"] = true },
            });
        }

        parameters.Add(QueryParameter("pretty"));
        return new JsonObject { ["parameters"] = parameters };
    }

    private static JsonObject QueryParameter(string name)
    {
        var type = IntegerParameters.Contains(name) ? "integer"
            : BooleanParameters.Contains(name) ? "boolean"
            : "string";
        return new JsonObject
        {
            ["in"] = "query",
            ["name"] = name,
            ["schema"] = new JsonObject { ["type"] = type, ["uniqueItems"] = true },
        };
    }

    private static JsonObject Body(string component, string[] contentTypes)
    {
        var content = new JsonObject();
        foreach (var type in contentTypes)
        {
            content[type] = new JsonObject { ["schema"] = OpenApiSchemaWriter.Ref(component) };
        }

        return new JsonObject { ["content"] = content, ["required"] = true };
    }

    private static JsonObject PatchBody()
    {
        var content = new JsonObject();
        foreach (var type in PatchContentTypes)
        {
            content[type] = new JsonObject
            {
                ["schema"] = OpenApiSchemaWriter.Ref("io.k8s.apimachinery.pkg.apis.meta.v1.Patch"),
            };
        }

        return new JsonObject { ["content"] = content, ["required"] = true };
    }

    private static JsonObject Gvk(string group, string version, string kind) =>
        new() { ["group"] = group, ["kind"] = kind, ["version"] = version };

    private static string Tag(ResourceDefinition resource) =>
        resource.Group.Length == 0 ? "core_" + resource.Version
            : resource.Group.Replace(".k8s.io", "").Replace(".", "") + "_" + resource.Version;

    private static string Reason(string code) => code switch
    {
        "201" => "Created",
        "202" => "Accepted",
        _ => "OK",
    };

    private static void AddIfAny(JsonObject paths, string path, JsonObject item)
    {
        if (item.Count > 1)
        {
            paths[path] = item;
        }
    }
}
