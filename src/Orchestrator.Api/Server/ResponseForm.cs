namespace Orchestrator.Api.Server;

/// <summary>The form an answer takes, as the client's Accept header chose it.</summary>
public enum ResponseForm
{
    /// <summary>The objects themselves, as JSON (also what protobuf-preferring clients get).</summary>
    Json,

    /// <summary>The objects themselves, as YAML.</summary>
    Yaml,

    /// <summary>A <c>meta.k8s.io/v1</c> Table, as <c>kubectl get</c> prints it.</summary>
    Table,

    /// <summary>Metadata only: <c>meta.k8s.io/v1</c> PartialObjectMetadata, or its list.</summary>
    PartialMetadata,
}
