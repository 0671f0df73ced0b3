using System.Collections.Concurrent;
using System.Reflection;
using k8s.Models;
using Orchestrator.Api.Resources;

namespace Orchestrator.Api.Schema;

/// <summary>
/// The schema of every served kind, built from the model types of the KubernetesClient package: the kinds of the
/// resource catalog, their lists, the kinds their subresources answer with (Scale, Binding, Eviction, ...), and the
/// meta kinds every group version shares (Status, DeleteOptions, WatchEvent). Trees are built on first use and
/// kept; callers must not change them.
/// </summary>
public sealed class ModelSchemaCatalog : ISchemaCatalog
{
    private static readonly Lazy<ModelSchemaCatalog> DefaultCatalog =
        new(() => new ModelSchemaCatalog(ResourceCatalog.Default, ModelDocumentation.Load()));

    // Kinds of meta.k8s.io/v1 that Kubernetes lists in every group version.
    private static readonly Dictionary<string, Type> SharedMetaKinds = new(StringComparer.Ordinal)
    {
        ["Status"] = typeof(V1Status),
        ["DeleteOptions"] = typeof(V1DeleteOptions),
        ["WatchEvent"] = typeof(V1WatchEvent),
    };

    private readonly Dictionary<(string Group, string Version, string Kind), Type> _modelTypes;
    private readonly ModelSchemaBuilder _builder;
    private readonly ConcurrentDictionary<Type, SchemaNode> _schemas = new();

    public ModelSchemaCatalog(ResourceCatalog resources, ModelDocumentation documentation)
    {
        _builder = new ModelSchemaBuilder(documentation);
        var entities = typeof(V1Pod).Assembly.GetTypes()
            .Select(t => (Type: t, Entity: t.GetCustomAttribute<KubernetesEntityAttribute>()))
            .Where(e => e.Entity is not null)
            .GroupBy(e => (e.Entity!.Group ?? "", e.Entity.ApiVersion, e.Entity.Kind))
            .ToDictionary(g => g.Key, g => g.First().Type);
        _modelTypes = [];
        foreach (var resource in resources.Resources)
        {
            Add(entities, resource.Group, resource.Version, resource.Kind);
            Add(entities, resource.Group, resource.Version, resource.ListKind);
            foreach (var subresource in resource.Subresources)
            {
                Add(entities, Or(subresource.Group, resource.Group), Or(subresource.Version, resource.Version),
                    subresource.Kind);
            }
        }
    }

    /// <summary>The catalog of the built-in resources, described when the documentation file is present.</summary>
    public static ModelSchemaCatalog Default => DefaultCatalog.Value;

    /// <summary>Every kind this catalog has a schema for, meta kinds aside.</summary>
    public IReadOnlyCollection<(string Group, string Version, string Kind)> Kinds => _modelTypes.Keys;

    public SchemaNode? FindKind(string group, string version, string kind)
    {
        var key = (group, version, kind);
        if (!_modelTypes.TryGetValue(key, out var modelType) && !SharedMetaKinds.TryGetValue(kind, out modelType))
        {
            return null;
        }

        return _schemas.GetOrAdd(modelType, static (type, builder) => builder.Build(type), _builder);
    }

    private void Add(
        Dictionary<(string, string, string), Type> entities, string group, string version, string kind)
    {
        if (entities.TryGetValue((group, version, kind), out var type))
        {
            _modelTypes[(group, version, kind)] = type;
        }
    }

    private static string Or(string value, string fallback) => value.Length == 0 ? fallback : value;
}
