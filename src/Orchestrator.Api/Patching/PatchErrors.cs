using Orchestrator.Api.Server;

namespace Orchestrator.Api.Patching;

/// <summary>The failures of the patch engines, with the codes and words kube-apiserver answers them with.</summary>
internal static class PatchErrors
{
    /// <summary>The key of <see cref="Exception.Data"/> that keeps the precise cause a 422 does not show.</summary>
    public const string CauseKey = "patchCause";

    /// <summary>A patch whose form is wrong: 400 BadRequest with the given message.</summary>
    public static ApiException BadRequest(string message) => ApiErrors.BadRequest(message);

    /// <summary>
    /// A well-formed patch that cannot be applied to this object. kube-apiserver answers with a generic 422 whose
    /// message is generic and whose one cause, of reason UnexpectedServerResponse, says what failed; the cause is
    /// also kept in <see cref="Exception.Data"/> under <see cref="CauseKey"/>.
    /// </summary>
    public static ApiException Unprocessable(string cause)
    {
        var error = new ApiException(
            422, "Invalid", "the server rejected our request due to an error in our request",
            new StatusDetails(Causes: [new StatusCause("UnexpectedServerResponse", cause)]));
        error.Data[CauseKey] = cause;
        return error;
    }
}
