using System.Text.Json.Nodes;
using Orchestrator.Api.Objects;
using Orchestrator.Api.Resources;

namespace Orchestrator.Api.Validation;

/// <summary>The checks every object's metadata gets: name, generateName, namespace, labels and annotations.</summary>
internal static class MetadataValidation
{
    public const int AnnotationsSizeLimit = 256 * 1024;

    public static void Validate(ResourceDefinition resource, JsonObject obj, JsonObject? old, FieldErrors errors)
    {
        var metadata = obj.ObjectAt("metadata");
        var name = metadata.StringAt("name") ?? "";
        var generateName = metadata.StringAt("generateName") ?? "";
        if (generateName.Length > 0)
        {
            foreach (var message in ObjectValidator.ValidateName(resource, generateName, isPrefix: true))
            {
                errors.Invalid("metadata.generateName", generateName, message);
            }
        }

        if (name.Length == 0)
        {
            errors.Required("metadata.name", "name or generateName is required");
        }
        else
        {
            foreach (var message in ObjectValidator.ValidateName(resource, name))
            {
                errors.Invalid("metadata.name", name, message);
            }
        }

        var ns = metadata.StringAt("namespace") ?? "";
        if (resource.IsNamespaced && ns.Length == 0)
        {
            errors.Required("metadata.namespace");
        }
        else if (resource.IsNamespaced)
        {
            foreach (var message in NameRules.Dns1123Label(ns))
            {
                errors.Invalid("metadata.namespace", ns, message);
            }
        }
        else if (ns.Length > 0)
        {
            errors.Forbidden("metadata.namespace", "not allowed on this type");
        }

        ValidateLabels(metadata, "labels", "metadata.labels", errors);
        ValidateAnnotations(metadata, errors);

        if (old is not null)
        {
            var oldMetadata = old.ObjectAt("metadata");
            if ((oldMetadata.StringAt("name") ?? "") != name)
            {
                errors.Invalid("metadata.name", name, "field is immutable");
            }

            if ((oldMetadata.StringAt("namespace") ?? "") != ns)
            {
                errors.Invalid("metadata.namespace", ns, "field is immutable");
            }
        }
    }

    /// <summary>Label keys are qualified names and values are label values; used for selectors too.</summary>
    public static void ValidateLabels(JsonObject? parent, string name, string field, FieldErrors errors)
    {
        foreach (var (key, value) in parent.StringMapAt(name))
        {
            foreach (var message in NameRules.QualifiedName(key))
            {
                errors.Invalid(field, key, message);
            }

            foreach (var message in NameRules.LabelValue(value))
            {
                errors.Invalid(field, value, message);
            }
        }
    }

    private static void ValidateAnnotations(JsonObject? metadata, FieldErrors errors)
    {
        var size = 0L;
        foreach (var (key, value) in metadata.StringMapAt("annotations"))
        {
            foreach (var message in NameRules.QualifiedName(key.ToLowerInvariant()))
            {
                errors.Invalid("metadata.annotations", key, message);
            }

            size += System.Text.Encoding.UTF8.GetByteCount(key) + System.Text.Encoding.UTF8.GetByteCount(value);
        }

        if (size > AnnotationsSizeLimit)
        {
            errors.TooLong("metadata.annotations", AnnotationsSizeLimit);
        }
    }
}
