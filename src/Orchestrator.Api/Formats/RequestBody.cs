using System.Text.Json.Nodes;

namespace Orchestrator.Api.Formats;

/// <summary>
/// A decoded request body: the JSON it means, the fields it gave twice, and the media type it came in.
/// </summary>
public sealed record RequestBody(JsonNode? Value, IReadOnlyList<string> DuplicateFields, string MediaType)
{
    /// <summary>The body as an object; BadRequest when it is anything else.</summary>
    public JsonObject AsObject() => Value as JsonObject
        ?? throw Server.ApiErrors.BadRequest("the body of the request must be a JSON or YAML object");
}
