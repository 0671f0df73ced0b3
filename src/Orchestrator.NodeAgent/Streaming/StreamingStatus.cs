using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Orchestrator.NodeAgent.Streaming;

/// <summary>Errors of the agent's streaming server, answered as Kubernetes Status objects kubectl can print.</summary>
public static class StreamingStatus
{
    /// <summary>A failure Status with the code, reason and message given.</summary>
    public static JsonObject Failure(int code, string reason, string message) => new()
    {
        ["kind"] = "Status",
        ["apiVersion"] = "v1",
        ["metadata"] = new JsonObject(),
        ["status"] = "Failure",
        ["message"] = message,
        ["reason"] = reason,
        ["code"] = code,
    };

    /// <summary>Writes the Status as the response, unless the response has already started.</summary>
    public static async Task WriteAsync(HttpContext context, int code, string reason, string message)
    {
        if (context.Response.HasStarted)
        {
            return;
        }

        context.Response.StatusCode = code;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(Failure(code, reason, message).ToJsonString(), context.RequestAborted);
    }
}
