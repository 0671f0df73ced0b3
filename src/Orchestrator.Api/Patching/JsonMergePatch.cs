using System.Text.Json.Nodes;

namespace Orchestrator.Api.Patching;

/// <summary>
/// JSON merge patch (RFC 7386), the <c>application/merge-patch+json</c> of <c>kubectl label</c>, <c>annotate</c>,
/// <c>scale</c> and <c>patch --type merge</c>: objects merge key by key, a null removes a key, anything else
/// replaces. Pure: the inputs are never changed, and the result shares no node with them.
/// </summary>
/// <remarks>
/// kube-apiserver reads the body before merging: a body that is not JSON is 400 BadRequest ("Invalid JSON Patch"),
/// and a result that does not decode as the object (for example an array patch) is 422 Invalid; both checks belong
/// to the caller.
/// </remarks>
public static class JsonMergePatch
{
    /// <summary>
    /// Applies <paramref name="patch"/> to <paramref name="target"/>. A patch that is not an object replaces the
    /// target whole; a null patch yields null. Never throws for any JSON input.
    /// </summary>
    public static JsonNode? Apply(JsonNode? target, JsonNode? patch)
    {
        if (patch is not JsonObject patchObject)
        {
            return patch?.DeepClone();
        }

        var result = target is JsonObject targetObject ? (JsonObject)targetObject.DeepClone() : [];
        foreach (var (name, value) in patchObject)
        {
            if (value is null)
            {
                result.Remove(name);
                continue;
            }

            var current = result.TryGetPropertyValue(name, out var existing) ? existing : null;
            result[name] = Apply(current, value);
        }

        return result;
    }
}
