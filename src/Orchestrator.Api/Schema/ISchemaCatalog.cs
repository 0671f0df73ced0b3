namespace Orchestrator.Api.Schema;

/// <summary>The schema of every kind the API serves.</summary>
public interface ISchemaCatalog
{
    /// <summary>The schema of a top-level kind (for example apps/v1 Deployment), or null when it has none.</summary>
    SchemaNode? FindKind(string group, string version, string kind);
}
