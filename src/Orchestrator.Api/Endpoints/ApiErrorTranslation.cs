using Orchestrator.Api.Server;
using Orchestrator.Store.Errors;

namespace Orchestrator.Api.Endpoints;

/// <summary>Turns the store's errors that reach the API surface into Kubernetes Status errors.</summary>
public static class ApiErrorTranslation
{
    public static ApiException? Translate(Exception error) => error switch
    {
        ApiException api => api,
        ResourceExpiredException expired when expired.FreshContinue is { } fresh =>
            ApiErrors.ExpiredWithContinue(expired.Message, fresh),
        ResourceExpiredException expired => ApiErrors.Expired(expired.Message),
        TooLargeResourceVersionException tooLarge => new ApiException(504, "Timeout",
            $"Too large resource version: {tooLarge.Requested}, current: {tooLarge.Current}",
            new StatusDetails(Causes: [new StatusCause("ResourceVersionTooLarge", "Too large resource version")])
            {
                RetryAfterSeconds = 1,
            }),
        InvalidRequestException invalid => ApiErrors.BadRequest(invalid.Message),
        _ => null,
    };
}
