using Orchestrator.Api.Resources;

namespace Orchestrator.Api.Server;

/// <summary>The errors of the API, worded as kube-apiserver words them.</summary>
public static class ApiErrors
{
    public static ApiException NotFound(ResourceDefinition resource, string name) => new(
        404, "NotFound", $"{resource.GroupResource} \"{name}\" not found",
        new StatusDetails(name, resource.Group, resource.Plural));

    public static ApiException NotFound(string group, string plural, string name) => new(
        404, "NotFound", $"{(group.Length == 0 ? plural : plural + "." + group)} \"{name}\" not found",
        new StatusDetails(name, group, plural));

    /// <summary>
    /// A path no resource is served at (kubectl: "the server could not find the requested resource").
    /// </summary>
    public static ApiException NoSuchPath() =>
        new(404, "NotFound", "the server could not find the requested resource", new StatusDetails());

    public static ApiException AlreadyExists(ResourceDefinition resource, string name) => new(
        409, "AlreadyExists", $"{resource.GroupResource} \"{name}\" already exists",
        new StatusDetails(name, resource.Group, resource.Plural));

    public static ApiException Conflict(ResourceDefinition resource, string name, string problem) => new(
        409, "Conflict", $"Operation cannot be fulfilled on {resource.GroupResource} \"{name}\": {problem}",
        new StatusDetails(name, resource.Group, resource.Plural));

    public static ApiException Invalid(
        string kind, string group, string name, IReadOnlyList<StatusCause> causes) => new(
        422, "Invalid",
        $"{kind}{(group.Length == 0 ? "" : "." + group)} \"{name}\" is invalid: " + JoinCauses(causes),
        new StatusDetails(name, group, kind, causes));

    public static ApiException BadRequest(string message) => new(400, "BadRequest", message);

    /// <summary>An option of a request that is not valid, as <c>CreateOptions.meta.k8s.io "" is invalid</c>.</summary>
    public static ApiException InvalidOption(string optionsKind, string field, string message) =>
        Invalid(optionsKind, "meta.k8s.io", "", [new StatusCause("FieldValueNotSupported", message, field)]);

    public static ApiException MethodNotSupported(ResourceDefinition resource) => new(
        405, "MethodNotAllowed", "the server does not allow this method on the requested resource",
        new StatusDetails(Group: resource.Group, Kind: resource.Plural));

    public static ApiException UnsupportedMediaType(string contentType, params string[] accepted) => new(
        415, "UnsupportedMediaType",
        $"the body of the request was in an unknown format - accepted media types include: " +
        string.Join(", ", accepted));

    public static ApiException NotAcceptable(string accept) => new(
        406, "NotAcceptable",
        $"the server was unable to respond with a content type that the client supports ({accept})");

    public static ApiException Expired(string message) => new(410, "Expired", message);

    /// <summary>An expired continue token: the Status carries a fresh token for an inconsistent continuation.</summary>
    public static ApiException ExpiredWithContinue(string message, string freshContinue) =>
        new(410, "Expired", message) { FreshContinue = freshContinue };

    public static ApiException Gone(string message) => new(410, "Gone", message);

    // One cause reads as itself; several are listed in brackets, as Kubernetes' aggregate errors print.
    private static string JoinCauses(IReadOnlyList<StatusCause> causes)
    {
        var parts = causes.Select(c => c.Field is null ? c.Message : $"{c.Field}: {c.Message}").ToList();
        return parts.Count == 1 ? parts[0] : $"[{string.Join(", ", parts)}]";
    }

    public static ApiException Unauthorized() => new(401, "Unauthorized", "Unauthorized");

    public static ApiException Forbidden(string message, ResourceDefinition? resource = null, string? name = null) =>
        new(403, "Forbidden", message,
            resource is null ? null : new StatusDetails(name, resource.Group, resource.Plural));

    public static ApiException TooLarge(string message) => new(413, "RequestEntityTooLarge", message);

    public static ApiException TooManyRequests(string message, int retryAfterSeconds = 1) => new(
        429, "TooManyRequests", message, new StatusDetails { RetryAfterSeconds = retryAfterSeconds });

    public static ApiException Timeout(string message) => new(504, "Timeout", message);

    public static ApiException Internal(string message) => new(500, "InternalError", message);

    public static ApiException ServiceUnavailable(string message) => new(503, "ServiceUnavailable", message);
}
