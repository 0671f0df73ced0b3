// Placeholders for parts being written on other branches; each is removed when its branch is merged.
#pragma warning disable
using System.Text.Json.Nodes;
using Orchestrator.Api.Resources;
using Orchestrator.Api.Schema;
using Orchestrator.Api.Server;

namespace Orchestrator.Api.Validation
{
    public static class FieldValidation
    {
        public static IReadOnlyList<string> FindUnknownFields(JsonObject obj, SchemaNode schema) => [];
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
