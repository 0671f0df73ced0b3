using System.Text.Json.Nodes;

namespace Orchestrator.Api.Formats;

/// <summary>A request body as JSON, with the paths of any fields it gave twice (the last one was kept).</summary>
public sealed record ParsedBody(JsonNode? Value, IReadOnlyList<string> DuplicateFields);
