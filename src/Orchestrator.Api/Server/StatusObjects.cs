using System.Text.Json.Nodes;

namespace Orchestrator.Api.Server;

/// <summary>Builds <c>meta.k8s.io/v1 Status</c> objects.</summary>
public static class StatusObjects
{
    public static JsonObject Failure(int code, string reason, string message, StatusDetails? details)
    {
        var status = new JsonObject
        {
            ["kind"] = "Status",
            ["apiVersion"] = "v1",
            ["metadata"] = new JsonObject(),
            ["status"] = "Failure",
            ["message"] = message,
            ["reason"] = reason,
        };
        if (details is not null)
        {
            status["details"] = Details(details);
        }

        status["code"] = code;
        return status;
    }

    public static JsonObject Success(StatusDetails? details = null)
    {
        var status = new JsonObject
        {
            ["kind"] = "Status",
            ["apiVersion"] = "v1",
            ["metadata"] = new JsonObject(),
            ["status"] = "Success",
        };
        if (details is not null)
        {
            status["details"] = Details(details);
        }

        return status;
    }

    private static JsonObject Details(StatusDetails details)
    {
        var result = new JsonObject();
        Set(result, "name", details.Name);
        Set(result, "group", details.Group);
        Set(result, "kind", details.Kind);
        Set(result, "uid", details.Uid);
        if (details.Causes is { Count: > 0 } causes)
        {
            var array = new JsonArray();
            foreach (var cause in causes)
            {
                var item = new JsonObject { ["reason"] = cause.Reason, ["message"] = cause.Message };
                Set(item, "field", cause.Field);
                array.Add(item);
            }

            result["causes"] = array;
        }

        if (details.RetryAfterSeconds is { } seconds)
        {
            result["retryAfterSeconds"] = seconds;
        }

        return result;
    }

    private static void Set(JsonObject target, string name, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            target[name] = value;
        }
    }
}
