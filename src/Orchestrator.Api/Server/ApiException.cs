using System.Text.Json.Nodes;

namespace Orchestrator.Api.Server;

/// <summary>
/// A request that fails with a Kubernetes <c>Status</c>: the HTTP code, the machine-readable reason, the message
/// kubectl prints, and the details (the object's name, group, kind and the causes).
/// </summary>
public sealed class ApiException : Exception
{
    public ApiException(int code, string reason, string message, StatusDetails? details = null)
        : base(message)
    {
        Code = code;
        Reason = reason;
        Details = details;
    }

    public int Code { get; }

    public string Reason { get; }

    public StatusDetails? Details { get; }

    /// <summary>For an expired continue token, the token that continues inconsistently from the same place.</summary>
    public string? FreshContinue { get; init; }

    /// <summary>Headers such as <c>Retry-After</c> to send with the status.</summary>
    public IDictionary<string, string> Headers { get; } = new Dictionary<string, string>();

    /// <summary>The <c>Status</c> object the response body carries.</summary>
    public JsonObject ToStatus()
    {
        var status = StatusObjects.Failure(Code, Reason, Message, Details);
        if (FreshContinue is not null)
        {
            status["metadata"] = new JsonObject { ["continue"] = FreshContinue };
        }

        return status;
    }
}
