using System.Text.Json;
using System.Text.Json.Nodes;

namespace Orchestrator.NodeAgent.Pods;

/// <summary>Small readers of a pod's JSON that tolerate absent and mistyped fields.</summary>
internal static class PodJson
{
    public static string? Text(JsonNode? node) =>
        node is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    public static long? Long(JsonNode? node) =>
        node is JsonValue value && value.GetValueKind() == JsonValueKind.Number ? value.GetValue<long>() : null;

    public static bool Bool(JsonNode? node) =>
        node is JsonValue value && value.GetValueKind() == JsonValueKind.True;

    public static IEnumerable<JsonObject> Objects(JsonNode? node) =>
        (node as JsonArray ?? []).OfType<JsonObject>();

    public static IEnumerable<string> Strings(JsonNode? node) =>
        (node as JsonArray ?? []).Select(Text).OfType<string>();

    public static string Name(JsonObject pod) => Text(pod["metadata"]?["name"]) ?? "";

    public static string Namespace(JsonObject pod) => Text(pod["metadata"]?["namespace"]) ?? "default";

    public static string Uid(JsonObject pod) => Text(pod["metadata"]?["uid"]) ?? "";

    public static string RestartPolicy(JsonObject pod) => Text(pod["spec"]?["restartPolicy"]) ?? "Always";

    public static IEnumerable<JsonObject> InitContainers(JsonObject pod) => Objects(pod["spec"]?["initContainers"]);

    public static IEnumerable<JsonObject> Containers(JsonObject pod) => Objects(pod["spec"]?["containers"]);
}
