using System.Collections;
using System.Reflection;
using System.Text.Json.Serialization;
using k8s.Models;

namespace Orchestrator.Api.Schema;

/// <summary>
/// Builds the schema tree of a model type of the KubernetesClient package by reflection: JSON names from
/// <see cref="JsonPropertyNameAttribute"/>, shapes from the property types, patch traits and required properties
/// from <see cref="KubernetesFieldTable"/>, descriptions from <see cref="ModelDocumentation"/>.
/// Every call builds a fresh tree, so a node's description is that of the property it sits at.
/// </summary>
internal sealed class ModelSchemaBuilder(ModelDocumentation documentation)
{
    // Timestamps kept with microseconds, which Kubernetes names MicroTime rather than Time.
    private static readonly HashSet<(string Type, string Property)> MicroTimes =
    [
        ("io.k8s.api.core.v1.Event", "eventTime"),
        ("io.k8s.api.core.v1.EventSeries", "lastObservedTime"),
        ("io.k8s.api.events.v1.Event", "eventTime"),
        ("io.k8s.api.events.v1.EventSeries", "lastObservedTime"),
        ("io.k8s.api.coordination.v1.LeaseSpec", "acquireTime"),
        ("io.k8s.api.coordination.v1.LeaseSpec", "renewTime"),
    ];

    public SchemaNode Build(Type modelType)
    {
        var node = BuildObject(modelType, []);
        node.Description = node.TypeDescription;
        return node;
    }

    private SchemaNode BuildObject(Type modelType, HashSet<Type> building)
    {
        var typeName = KubernetesTypeNames.Of(modelType);
        var node = new SchemaNode(SchemaType.Object)
        {
            TypeName = typeName,
            TypeDescription = documentation.OfType(modelType),
        };
        if (!building.Add(modelType))
        {
            // A type that contains itself: the inner occurrence is left open rather than unrolled forever.
            return new SchemaNode(SchemaType.Any) { TypeName = typeName };
        }

        foreach (var property in modelType.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            var jsonName = property.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name;
            if (jsonName is null)
            {
                continue;
            }

            var child = BuildValue(property.PropertyType, building);
            if (child.Type == SchemaType.DateTime && MicroTimes.Contains((typeName, jsonName)))
            {
                child.TypeName = KubernetesTypeNames.MicroTime;
            }

            child.Description = documentation.OfProperty(modelType, property.Name) ?? child.TypeDescription;
            KubernetesFieldTable.Find(typeName, jsonName)?.ApplyTo(child);
            if (KubernetesFieldTable.DefaultOf(typeName, jsonName) is { } value)
            {
                child.Default = value;
            }

            node.Properties[jsonName] = child;
            if ((property.PropertyType.IsValueType && Nullable.GetUnderlyingType(property.PropertyType) is null)
                || (jsonName == "items" && typeName.EndsWith("List", StringComparison.Ordinal)))
            {
                node.Required.Add(jsonName);
            }
        }

        foreach (var required in KubernetesFieldTable.RequiredOf(typeName))
        {
            node.Required.Add(required);
        }

        building.Remove(modelType);
        return node;
    }

    private SchemaNode BuildValue(Type type, HashSet<Type> building)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type == typeof(string))
        {
            return new SchemaNode(SchemaType.String);
        }

        if (type == typeof(bool))
        {
            return new SchemaNode(SchemaType.Boolean);
        }

        if (type == typeof(int) || type == typeof(long) || type == typeof(short))
        {
            return new SchemaNode(SchemaType.Integer) { Format = type == typeof(long) ? "int64" : "int32" };
        }

        if (type == typeof(double) || type == typeof(float) || type == typeof(decimal))
        {
            return new SchemaNode(SchemaType.Number) { Format = "double" };
        }

        if (type == typeof(DateTime) || type == typeof(DateTimeOffset))
        {
            return new SchemaNode(SchemaType.DateTime) { TypeName = KubernetesTypeNames.Time };
        }

        if (type == typeof(byte[]))
        {
            return new SchemaNode(SchemaType.Bytes);
        }

        if (type == typeof(IntOrString))
        {
            return new SchemaNode(SchemaType.IntOrString) { TypeName = KubernetesTypeNames.IntOrString };
        }

        if (type == typeof(ResourceQuantity))
        {
            return new SchemaNode(SchemaType.Quantity) { TypeName = KubernetesTypeNames.Quantity };
        }

        if (type == typeof(object))
        {
            return new SchemaNode(SchemaType.Any);
        }

        if (DictionaryValueType(type) is { } valueType)
        {
            return new SchemaNode(SchemaType.Map) { Items = BuildValue(valueType, building) };
        }

        if (ListItemType(type) is { } itemType)
        {
            return new SchemaNode(SchemaType.Array) { Items = BuildValue(itemType, building) };
        }

        return type.IsClass && type.Namespace == "k8s.Models"
            ? BuildObject(type, building)
            : new SchemaNode(SchemaType.Any);
    }

    private static Type? DictionaryValueType(Type type) =>
        GenericInterface(type, typeof(IDictionary<,>)) is { } dictionary
        && dictionary.GetGenericArguments()[0] == typeof(string)
            ? dictionary.GetGenericArguments()[1]
            : null;

    private static Type? ListItemType(Type type) =>
        typeof(IEnumerable).IsAssignableFrom(type)
            ? GenericInterface(type, typeof(IEnumerable<>))?.GetGenericArguments()[0]
            : null;

    private static Type? GenericInterface(Type type, Type definition) =>
        type.IsGenericType && type.GetGenericTypeDefinition() == definition
            ? type
            : type.GetInterfaces().FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == definition);
}
