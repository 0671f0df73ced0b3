namespace Orchestrator.Api.OpenApi;

/// <summary>
/// The OpenAPI v3 document of one group version (<c>api/v1</c>, <c>apis/apps/v1</c>): its UTF-8 JSON and the hash
/// that names this content in <c>serverRelativeURL</c> (upper-case hex SHA-512, as kube-apiserver computes it).
/// </summary>
public sealed record OpenApiDocument(string Path, byte[] Json, string Hash)
{
    /// <summary>The URL the root document lists for this document.</summary>
    public string ServerRelativeUrl => $"/openapi/v3/{Path}?hash={Hash}";
}
