using System.Text.Json;
using System.Text.Json.Nodes;
using Orchestrator.Api.Server;

namespace Orchestrator.Api.Patching;

/// <summary>
/// JSON patch (RFC 6902), the <c>application/json-patch+json</c> of <c>kubectl patch --type json</c>: the
/// operations <c>add</c>, <c>remove</c>, <c>replace</c>, <c>move</c>, <c>copy</c> and <c>test</c>, applied in order,
/// all or nothing, with JSON Pointer paths (<c>~0</c>, <c>~1</c>, and <c>-</c> for the end of an array).
/// </summary>
/// <remarks>
/// Errors follow kube-apiserver (<c>staging/src/k8s.io/apiserver/pkg/endpoints/handlers/patch.go</c>,
/// <c>applyJSPatch</c>): a body that does not decode as a list of operation objects is 400 <c>BadRequest</c> with
/// the decoder's words; more than 10000 operations is 413 <c>RequestEntityTooLarge</c>; any failure while applying
/// (an unknown or malformed operation, a missing path, an index out of range, a failed <c>test</c>) is 422
/// <c>Invalid</c> built by <c>NewGenericServerResponse(422, …)</c>, whose message is always
/// "the server rejected our request due to an error in our request" with empty details, so kubectl prints
/// "The request is invalid: the server rejected our request due to an error in our request". The precise cause
/// is kept in <see cref="Exception.Data"/> under <c>patchCause</c> for the server's log.
/// </remarks>
public static class JsonPatch
{
    /// <summary>The most operations one patch may hold, as kube-apiserver's <c>maxJSONPatchOperations</c>.</summary>
    public const int MaxOperations = 10000;

    /// <summary>
    /// Reads a request body as a list of operations. Invalid JSON, or JSON that is not an array of objects, is
    /// 400 BadRequest; a JSON <c>null</c> is an empty list, as in Go.
    /// </summary>
    /// <exception cref="ApiException">400 BadRequest.</exception>
    public static JsonArray ParseOperations(ReadOnlySpan<byte> body)
    {
        JsonNode? parsed;
        try
        {
            parsed = JsonNode.Parse(body);
        }
        catch (JsonException error)
        {
            throw PatchErrors.BadRequest(error.Message);
        }

        return parsed switch
        {
            null => [],
            JsonArray operations => CheckOperationsAreObjects(operations),
            _ => throw NotOperations(parsed, "jsonpatch.Patch"),
        };
    }

    /// <summary>
    /// Applies <paramref name="operations"/> to a copy of <paramref name="target"/> and returns the copy; the inputs
    /// are never changed. Either every operation applies or the call throws.
    /// </summary>
    /// <exception cref="ApiException">400 for an element that is not an object, 413 for too many operations,
    /// 422 Invalid for any operation that does not apply.</exception>
    public static JsonNode Apply(JsonNode target, JsonArray operations)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(operations);

        CheckOperationsAreObjects(operations);

        if (operations.Count > MaxOperations)
        {
            throw ApiErrors.TooLarge(
                $"The allowed maximum operations in a JSON patch is {MaxOperations}, got {operations.Count}");
        }

        var document = target.DeepClone();
        for (var i = 0; i < operations.Count; i++)
        {
            document = ApplyOperation(document, (JsonObject)operations[i]!, i);
        }

        return document ?? throw PatchErrors.Unprocessable("the patched document is null");
    }

    private static JsonNode? ApplyOperation(JsonNode? document, JsonObject operation, int position)
    {
        var op = ReadString(operation, "op", position);
        var path = ReadPointer(operation, "path", op, position);
        return op switch
        {
            "add" => Add(document, path, ReadValue(operation, op, position)?.DeepClone(), op),
            "remove" => Remove(document, path, op).Document,
            "replace" => Replace(document, path, ReadValue(operation, op, position)?.DeepClone()),
            "move" => Move(document, ReadPointer(operation, "from", op, position), path),
            "copy" => Copy(document, ReadPointer(operation, "from", op, position), path),
            "test" => Test(document, path, ReadValue(operation, op, position)),
            _ => throw PatchErrors.Unprocessable($"operation {position}: unexpected kind \"{op}\""),
        };
    }

    private static JsonNode? Add(JsonNode? document, JsonPointer path, JsonNode? value, string op)
    {
        if (path.IsRoot)
        {
            return value;
        }

        switch (path.ResolveParent(document))
        {
            case JsonObject map:
                map[path.LastToken] = value;
                return document;
            case JsonArray list when path.LastToken == "-":
                list.Add(value);
                return document;
            case JsonArray list when JsonPointer.TryReadIndex(path.LastToken, list.Count, out var index):
                list.Insert(index, value);
                return document;
            default:
                throw DoesNotApply(op, path);
        }
    }

    private static (JsonNode? Document, JsonNode? Removed) Remove(JsonNode? document, JsonPointer path, string op)
    {
        if (path.IsRoot)
        {
            throw DoesNotApply(op, path);
        }

        switch (path.ResolveParent(document))
        {
            case JsonObject map when map.TryGetPropertyValue(path.LastToken, out var removed):
                map.Remove(path.LastToken);
                return (document, removed);
            case JsonArray list when JsonPointer.TryReadIndex(path.LastToken, list.Count - 1, out var index):
                var item = list[index];
                list.RemoveAt(index);
                return (document, item);
            default:
                throw DoesNotApply(op, path);
        }
    }

    private static JsonNode? Replace(JsonNode? document, JsonPointer path, JsonNode? value)
    {
        if (path.IsRoot)
        {
            return value;
        }

        switch (path.ResolveParent(document))
        {
            case JsonObject map when map.ContainsKey(path.LastToken):
                map[path.LastToken] = value;
                return document;
            case JsonArray list when JsonPointer.TryReadIndex(path.LastToken, list.Count - 1, out var index):
                list[index] = value;
                return document;
            default:
                throw DoesNotApply("replace", path);
        }
    }

    private static JsonNode? Move(JsonNode? document, JsonPointer from, JsonPointer path)
    {
        if (path.IsInside(from))
        {
            throw PatchErrors.Unprocessable($"move operation cannot move \"{from}\" into its own child \"{path}\"");
        }

        if (from.Text == path.Text)
        {
            return from.TryResolve(document, out _) ? document : throw DoesNotApply("move", from);
        }

        var (afterRemove, moved) = Remove(document, from, "move");
        return Add(afterRemove, path, moved, "move");
    }

    private static JsonNode? Copy(JsonNode? document, JsonPointer from, JsonPointer path)
    {
        if (!from.TryResolve(document, out var value))
        {
            throw DoesNotApply("copy", from);
        }

        return Add(document, path, value?.DeepClone(), "copy");
    }

    private static JsonNode? Test(JsonNode? document, JsonPointer path, JsonNode? expected)
    {
        if (!path.TryResolve(document, out var actual) || !JsonNode.DeepEquals(actual, expected))
        {
            throw PatchErrors.Unprocessable($"testing value {path} failed: test failed");
        }

        return document;
    }

    private static string ReadString(JsonObject operation, string field, int position)
    {
        if (operation.TryGetPropertyValue(field, out var node) && node is JsonValue value &&
            value.TryGetValue<string>(out var text))
        {
            return text;
        }

        throw PatchErrors.Unprocessable($"operation {position}: missing or non-string \"{field}\" field");
    }

    private static JsonPointer ReadPointer(JsonObject operation, string field, string op, int position) =>
        JsonPointer.TryParse(ReadString(operation, field, position))
        ?? throw PatchErrors.Unprocessable($"{op} operation {position}: \"{field}\" is not a JSON pointer");

    private static JsonNode? ReadValue(JsonObject operation, string op, int position) =>
        operation.TryGetPropertyValue("value", out var value)
            ? value
            : throw PatchErrors.Unprocessable($"{op} operation {position}: missing \"value\" field");

    private static JsonArray CheckOperationsAreObjects(JsonArray operations)
    {
        foreach (var operation in operations)
        {
            if (operation is not JsonObject)
            {
                throw NotOperations(operation, "jsonpatch.Operation");
            }
        }

        return operations;
    }

    private static ApiException NotOperations(JsonNode? node, string goType)
    {
        var kind = node?.GetValueKind() switch
        {
            JsonValueKind.Object => "object",
            JsonValueKind.Array => "array",
            JsonValueKind.String => "string",
            JsonValueKind.Number => "number",
            JsonValueKind.True or JsonValueKind.False => "bool",
            _ => "null",
        };
        return PatchErrors.BadRequest($"json: cannot unmarshal {kind} into Go value of type {goType}");
    }

    private static ApiException DoesNotApply(string op, JsonPointer path) =>
        PatchErrors.Unprocessable($"{op} operation does not apply: doc is missing path: \"{path}\"");
}
