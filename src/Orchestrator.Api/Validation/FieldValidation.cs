using System.Text.Json;
using System.Text.Json.Nodes;
using Orchestrator.Api.Schema;
using Orchestrator.Api.Server;

namespace Orchestrator.Api.Validation;

/// <summary>
/// Server-side field validation (<c>fieldValidation=Strict|Warn|Ignore</c>): finds the fields of a request body the
/// schema does not know and the keys one JSON object repeats, and words them as kube-apiserver does:
/// <c>unknown field "spec.foo"</c> and <c>duplicate field "replicas"</c>. Strict fails the request with 400
/// BadRequest (<c>Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: ...</c>);
/// Warn sends each problem as a <c>Warning</c> header, which kubectl prints as <c>Warning: unknown field ...</c>.
/// </summary>
public static class FieldValidation
{
    /// <summary>Reads the <c>fieldValidation</c> parameter; absent means Warn, as in Kubernetes.</summary>
    /// <exception cref="ApiException">400 BadRequest for a value other than Ignore, Warn or Strict.</exception>
    public static FieldValidationDirective ParseDirective(string? value) => value switch
    {
        null or "" or "Warn" => FieldValidationDirective.Warn,
        "Strict" => FieldValidationDirective.Strict,
        "Ignore" => FieldValidationDirective.Ignore,
        _ => throw ApiErrors.InvalidOption("CreateOptions", "fieldValidation",
            $"Unsupported value: \"{value}\": supported values: \"\", \"Ignore\", \"Strict\", \"Warn\""),
    };

    /// <summary>
    /// The paths of the fields of <paramref name="obj"/> that <paramref name="schema"/> does not declare, in document
    /// order, such as <c>spec.template.spec.containers[0].imagee</c>. Values of a different JSON type than the
    /// schema's are not descended into; maps check their values; <see cref="SchemaType.Any"/> accepts anything.
    /// </summary>
    public static IReadOnlyList<string> FindUnknownFields(JsonObject obj, SchemaNode schema)
    {
        var unknown = new List<string>();
        VisitObject(obj, schema, "", unknown, remove: false);
        return unknown;
    }

    /// <summary>
    /// Drops the fields <paramref name="schema"/> does not declare, as Kubernetes' decoding of a built-in kind does
    /// unless validation is Strict; returns their paths.
    /// </summary>
    public static IReadOnlyList<string> RemoveUnknownFields(JsonObject obj, SchemaNode schema)
    {
        var unknown = new List<string>();
        VisitObject(obj, schema, "", unknown, remove: true);
        return unknown;
    }

    /// <summary>
    /// The paths of the keys that appear more than once in one JSON object, such as <c>spec.replicas</c>, once per
    /// repetition, in document order.
    /// </summary>
    /// <exception cref="JsonException">The bytes are not well-formed JSON.</exception>
    public static IReadOnlyList<string> FindDuplicateFields(ReadOnlySpan<byte> utf8Json)
    {
        var duplicates = new List<string>();
        var reader = new Utf8JsonReader(utf8Json);
        var open = new Stack<Container>();
        string? property = null;
        while (reader.Read())
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.StartObject or JsonTokenType.StartArray:
                    open.Push(new Container(ChildPath(open, property), reader.TokenType == JsonTokenType.StartObject));
                    property = null;
                    break;
                case JsonTokenType.EndObject or JsonTokenType.EndArray:
                    open.Pop();
                    ValueEnded(open);
                    break;
                case JsonTokenType.PropertyName:
                    property = reader.GetString()!;
                    var container = open.Peek();
                    if (!container.Keys.Add(property))
                    {
                        duplicates.Add(Join(container.Path, property));
                    }

                    break;
                default:
                    ValueEnded(open);
                    property = null;
                    break;
            }
        }

        return duplicates;
    }

    /// <summary>
    /// Every problem of a request body in kube-apiserver's words: the raw bytes give the duplicates, the parsed
    /// object (the last of each duplicate kept) the unknown fields.
    /// </summary>
    public static IReadOnlyList<string> FindProblems(ReadOnlySpan<byte> utf8Json, JsonObject obj, SchemaNode schema) =>
        Problems(FindDuplicateFields(utf8Json), FindUnknownFields(obj, schema));

    /// <summary>
    /// Parses a JSON object the way Kubernetes decodes one: the last of duplicate keys wins. <c>JsonNode.Parse</c>
    /// would instead fail on the first duplicate, so bodies that may repeat keys must be read with this.
    /// </summary>
    /// <exception cref="JsonException">The bytes are not a well-formed JSON object.</exception>
    public static JsonObject ParseKeepingLastDuplicate(ReadOnlySpan<byte> utf8Json)
    {
        // The scalars of the copy keep pointing into the element, so the element must outlive the pooled document.
        var reader = new Utf8JsonReader(utf8Json);
        var root = JsonElement.ParseValue(ref reader);
        return root.ValueKind == JsonValueKind.Object
            ? (JsonObject)Copy(root)!
            : throw new JsonException($"expected a JSON object, found {root.ValueKind}");
    }

    /// <summary>The problems of a body in kube-apiserver's words: duplicates first, then unknown fields.</summary>
    public static IReadOnlyList<string> Problems(IEnumerable<string> duplicateFields, IEnumerable<string> unknownFields)
        =>
        [
            .. duplicateFields.Select(p => $"duplicate field \"{p}\""),
            .. unknownFields.Select(p => $"unknown field \"{p}\""),
        ];

    /// <summary>The 400 BadRequest a Strict request with problems fails with.</summary>
    public static ApiException StrictDecodingError(string kind, string version, IReadOnlyList<string> problems) =>
        ApiErrors.BadRequest(
            $"{kind} in version \"{version}\" cannot be handled as a {kind}: strict decoding error: " +
            string.Join(", ", problems));

    /// <summary>The value of a <c>Warning</c> response header for one problem: <c>299 - "text"</c>.</summary>
    public static string WarningHeaderValue(string text)
    {
        var escaped = text.Replace("\\", "\\\\", StringComparison.Ordinal)
            .Replace("\"", "\\\"", StringComparison.Ordinal);
        return $"299 - \"{escaped}\"";
    }

    private static void VisitObject(JsonObject obj, SchemaNode schema, string path, List<string> unknown, bool remove)
    {
        List<string>? drop = null;
        foreach (var (name, value) in obj)
        {
            var field = Join(path, name);
            if (schema.Property(name) is not { } property)
            {
                unknown.Add(field);
                (drop ??= []).Add(name);
                continue;
            }

            Visit(value, property, field, unknown, remove);
        }

        if (remove && drop is not null)
        {
            foreach (var name in drop)
            {
                obj.Remove(name);
            }
        }
    }

    private static void Visit(JsonNode? value, SchemaNode schema, string path, List<string> unknown, bool remove)
    {
        switch (schema.Type)
        {
            case SchemaType.Object when value is JsonObject obj:
                VisitObject(obj, schema, path, unknown, remove);
                break;
            case SchemaType.Map when value is JsonObject map && schema.Items is { } values:
                foreach (var (key, item) in map)
                {
                    Visit(item, values, Join(path, key), unknown, remove);
                }

                break;
            case SchemaType.Array when value is JsonArray array && schema.Items is { } items:
                for (var i = 0; i < array.Count; i++)
                {
                    Visit(array[i], items, $"{path}[{i}]", unknown, remove);
                }

                break;
        }
    }

    private static JsonNode? Copy(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                var obj = new JsonObject();
                foreach (var property in element.EnumerateObject())
                {
                    obj[property.Name] = Copy(property.Value);
                }

                return obj;
            case JsonValueKind.Array:
                var array = new JsonArray();
                foreach (var item in element.EnumerateArray())
                {
                    array.Add(Copy(item));
                }

                return array;
            case JsonValueKind.Null:
                return null;
            default:
                return JsonValue.Create(element);
        }
    }

    private static string Join(string path, string name) => path.Length == 0 ? name : $"{path}.{name}";

    private static string ChildPath(Stack<Container> open, string? property)
    {
        if (!open.TryPeek(out var parent))
        {
            return "";
        }

        return parent.IsObject ? Join(parent.Path, property ?? "") : $"{parent.Path}[{parent.Index}]";
    }

    private static void ValueEnded(Stack<Container> open)
    {
        if (open.TryPeek(out var parent) && !parent.IsObject)
        {
            parent.Index++;
        }
    }

    private sealed class Container(string path, bool isObject)
    {
        public string Path { get; } = path;

        public bool IsObject { get; } = isObject;

        public HashSet<string> Keys { get; } = new(StringComparer.Ordinal);

        public int Index { get; set; }
    }
}
