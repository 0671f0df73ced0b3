using System.Collections;
using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json.Nodes;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Orchestrator.Api.Formats.Protobuf.Wire;

namespace Orchestrator.Api.Formats.Protobuf;

/// <summary>
/// Writes a decoded Kubernetes message as Kubernetes JSON by walking its descriptor. Go's protobuf encoder writes
/// every non-pointer field, zero or not, so presence on the wire says little: a zero scalar is left out unless its
/// declaration is marked <c>zero_kept</c> (a Go pointer or a field without omitempty), a present message is
/// written even when empty (Go writes empty structs as <c>{}</c>), and empty lists and maps are left out.
/// </summary>
internal static class ProtobufJson
{
    private static readonly ConcurrentDictionary<MessageDescriptor, FieldPlan[]> Plans = new();

    /// <summary>Writes the fields of <paramref name="message"/> into <paramref name="json"/>.</summary>
    public static void WriteFields(IMessage message, JsonObject json)
    {
        foreach (var plan in Plans.GetOrAdd(message.Descriptor, PlanOf))
        {
            var field = plan.Field;
            var value = field.Accessor.GetValue(message);

            if (field.IsMap)
            {
                var map = (IDictionary)value;
                if (map.Count > 0)
                {
                    json[field.Name] = MapToJson(field, map);
                }

                continue;
            }

            if (field.IsRepeated)
            {
                var list = (IList)value;
                if (list.Count > 0)
                {
                    var items = list.Cast<object>().Select(item => ValueToJson(field, item)).ToArray();
                    json[field.Name] = new JsonArray(items);
                }

                continue;
            }

            if (field.FieldType == FieldType.Message)
            {
                if (!field.Accessor.HasValue(message))
                {
                    continue;
                }

                if (plan.Inlined)
                {
                    WriteFields((IMessage)value, json);
                }
                else if (MessageToJson((IMessage)value) is { } node)
                {
                    json[field.Name] = node;
                }

                continue;
            }

            var keep = plan.ZeroKept ? field.Accessor.HasValue(message) : !IsZero(value);
            if (keep)
            {
                json[field.Name] = ScalarToJson(value);
            }
        }
    }

    private static FieldPlan[] PlanOf(MessageDescriptor descriptor) => descriptor.Fields.InDeclarationOrder()
        .Select(field =>
        {
            var options = field.GetOptions();
            return new FieldPlan(
                field,
                options?.GetExtension(WireOptionsExtensions.ZeroKept) == true,
                options?.GetExtension(WireOptionsExtensions.Inlined) == true);
        })
        .ToArray();

    private static JsonObject MapToJson(FieldDescriptor field, IDictionary map)
    {
        // Go's JSON encoder sorts map keys; doing the same keeps the output stable whatever the wire order.
        var valueField = field.MessageType.FindFieldByNumber(2);
        var json = new JsonObject();
        foreach (var key in map.Keys.Cast<string>().Order(StringComparer.Ordinal))
        {
            json[key] = ValueToJson(valueField, map[key]!);
        }

        return json;
    }

    private static JsonNode? ValueToJson(FieldDescriptor field, object value) =>
        field.FieldType == FieldType.Message ? MessageToJson((IMessage)value) : ScalarToJson(value);

    /// <summary>A message as JSON, the wrappers that are scalars in JSON unwrapped; null to leave it out.</summary>
    private static JsonNode? MessageToJson(IMessage message) => message switch
    {
        Time time => IsZeroTime(time.Seconds, time.Nanos)
            ? null
            : FormatTime(time.Seconds, time.Nanos, "yyyy-MM-dd'T'HH:mm:ss'Z'"),
        MicroTime time => IsZeroTime(time.Seconds, time.Nanos)
            ? null
            : FormatTime(time.Seconds, time.Nanos, "yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'"),
        Quantity quantity => JsonValue.Create(quantity.String.Length == 0 ? "0" : quantity.String),
        IntOrString intOrString => intOrString.Type == 1
            ? JsonValue.Create(intOrString.StrVal)
            : JsonValue.Create(intOrString.IntVal),
        FieldsV1 fields => fields.Raw.IsEmpty ? null : JsonNode.Parse(fields.Raw.Span),
        RawExtension raw => raw.Raw.IsEmpty ? null : JsonNode.Parse(raw.Raw.Span),
        _ => ObjectOf(message),
    };

    private static JsonObject ObjectOf(IMessage message)
    {
        var json = new JsonObject();
        WriteFields(message, json);
        return json;
    }

    // Go unmarshals an empty Time message as the zero time, which its JSON writes as null.
    private static bool IsZeroTime(long seconds, int nanos) => seconds == 0 && nanos == 0;

    private static JsonValue FormatTime(long seconds, int nanos, string format) =>
        JsonValue.Create(DateTimeOffset.FromUnixTimeSeconds(seconds).AddTicks(nanos / 100)
            .UtcDateTime.ToString(format, CultureInfo.InvariantCulture));

    private static bool IsZero(object value) => value switch
    {
        string text => text.Length == 0,
        bool flag => !flag,
        int number => number == 0,
        long number => number == 0,
        uint number => number == 0,
        ulong number => number == 0,
        double number => number == 0,
        float number => number == 0,
        ByteString bytes => bytes.IsEmpty,
        _ => false,
    };

    private static JsonNode? ScalarToJson(object value) => value switch
    {
        string text => JsonValue.Create(text),
        bool flag => JsonValue.Create(flag),
        int number => JsonValue.Create(number),
        long number => JsonValue.Create(number),
        uint number => JsonValue.Create(number),
        ulong number => JsonValue.Create(number),
        double number => JsonValue.Create(number),
        float number => JsonValue.Create(number),

        // Go writes []byte as standard base64, which is how Secret data travels in JSON.
        ByteString bytes => JsonValue.Create(bytes.ToBase64()),
        _ => throw new InvalidOperationException($"unexpected protobuf scalar {value.GetType().Name}"),
    };

    private sealed record FieldPlan(FieldDescriptor Field, bool ZeroKept, bool Inlined);
}
