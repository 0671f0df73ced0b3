namespace Orchestrator.Gateway.Authentication;

/// <summary>Reads the bearer token of a request, as kube-apiserver reads it.</summary>
public static class BearerToken
{
    /// <summary>The token of an <c>Authorization: Bearer &lt;token&gt;</c> header, or null without one.</summary>
    public static string? From(HttpRequest request)
    {
        var header = request.Headers.Authorization;
        if (header.Count != 1 || header[0] is not { } value)
        {
            return null;
        }

        var parts = value.Trim().Split(' ', 2, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return parts.Length == 2 && parts[0].Equals("Bearer", StringComparison.OrdinalIgnoreCase) ? parts[1] : null;
    }
}
