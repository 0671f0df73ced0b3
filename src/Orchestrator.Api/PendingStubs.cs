// Placeholders for parts being written on other branches; each is removed when its branch is merged.
#pragma warning disable
using System.Text.Json.Nodes;
using Orchestrator.Api.Resources;
using Orchestrator.Api.Schema;
using Orchestrator.Api.Server;

namespace Orchestrator.Api.Tables
{
    public static class TableRenderer
    {
        public static JsonObject Render(ResourceDefinition resource, IReadOnlyList<JsonObject> objects,
            DateTimeOffset now, bool includeColumnDefinitions = true)
        {
            var rows = new JsonArray();
            foreach (var o in objects)
            {
                var meta = (JsonObject)o["metadata"]!.DeepClone();
                meta.Remove("managedFields");
                rows.Add(new JsonObject
                {
                    ["cells"] = new JsonArray(meta["name"]?.DeepClone(), "x"),
                    ["object"] = new JsonObject
                    {
                        ["kind"] = "PartialObjectMetadata",
                        ["apiVersion"] = "meta.k8s.io/v1",
                        ["metadata"] = meta,
                    },
                });
            }

            var table = new JsonObject { ["kind"] = "Table", ["apiVersion"] = "meta.k8s.io/v1", ["metadata"] = new JsonObject() };
            if (includeColumnDefinitions)
            {
                table["columnDefinitions"] = new JsonArray(
                    new JsonObject { ["name"] = "Name", ["type"] = "string", ["format"] = "name", ["description"] = "", ["priority"] = 0 },
                    new JsonObject { ["name"] = "Age", ["type"] = "string", ["format"] = "", ["description"] = "", ["priority"] = 0 });
            }

            table["rows"] = rows;
            return table;
        }
    }
}

namespace Orchestrator.Api.Validation
{
    public static class ObjectValidator
    {
        public static IReadOnlyList<StatusCause> Validate(ResourceDefinition resource, JsonObject obj, JsonObject? old)
            => [];
    }

    public static class FieldValidation
    {
        public static IReadOnlyList<string> FindUnknownFields(JsonObject obj, SchemaNode schema) => [];
    }
}

namespace Orchestrator.Api.Defaults
{
    public static class ObjectDefaults
    {
        public static void Apply(ResourceDefinition resource, JsonObject obj) { }
    }
}

namespace Orchestrator.Api.Patching
{
    public static class JsonMergePatch
    {
        public static JsonNode? Apply(JsonNode? target, JsonNode? patch)
        {
            if (patch is not JsonObject p) return patch?.DeepClone();
            var result = target is JsonObject t ? (JsonObject)t.DeepClone() : new JsonObject();
            foreach (var (k, v) in p)
            {
                if (v is null) result.Remove(k);
                else result[k] = Apply(result[k], v);
            }
            return result;
        }
    }

    public static class JsonPatch
    {
        public static JsonNode Apply(JsonNode target, JsonArray operations) => throw ApiErrors.BadRequest("todo");
    }

    public static class StrategicMergePatch
    {
        public static JsonObject Apply(JsonObject original, JsonObject patch, SchemaNode? schema) =>
            (JsonObject)JsonMergePatch.Apply(original, patch)!;
    }
}

namespace Orchestrator.Api.Apply
{
    public static class ServerSideApply
    {
        public static JsonObject Apply(JsonObject? live, JsonObject applied, string manager, bool force,
            SchemaNode schema, DateTimeOffset now) =>
            (JsonObject)Patching.JsonMergePatch.Apply(live, applied)!;
    }

    public static class ManagedFieldsTracker
    {
        public static void RecordUpdate(JsonObject? previous, JsonObject updated, string manager, string apiVersion,
            SchemaNode schema, DateTimeOffset now)
        { }
    }
}

namespace Orchestrator.Api.Schema
{
    public sealed class ModelSchemaCatalog : ISchemaCatalog
    {
        public static ModelSchemaCatalog Default { get; } = new();
        public SchemaNode? FindKind(string group, string version, string kind) => null;
    }
}
