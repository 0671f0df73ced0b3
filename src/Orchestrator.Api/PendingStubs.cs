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

namespace Orchestrator.Api.Schema
{
    public sealed class ModelSchemaCatalog : ISchemaCatalog
    {
        public static ModelSchemaCatalog Default { get; } = new();
        public SchemaNode? FindKind(string group, string version, string kind) => null;
    }
}
