using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Orchestrator.Api.Schema;

namespace Orchestrator.Api.Tests.Apply;

/// <summary>A hand-built schema shaped like apps/v1 Deployment, with the list types server-side apply reads.</summary>
internal static class DeploymentSchemaFixture
{
    public static SchemaNode Deployment { get; } = Build();

    private static readonly JsonSerializerOptions Readable =
        new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static JsonObject Parse(string json) => JsonNode.Parse(json)!.AsObject();

    /// <summary>Compact JSON with quotes written plainly, to compare with expected text.</summary>
    public static string Write(JsonNode? node) => node?.ToJsonString(Readable) ?? "null";

    private static SchemaNode Build()
    {
        var port = Object(
            ("containerPort", new SchemaNode(SchemaType.Integer)),
            ("name", new SchemaNode(SchemaType.String)),
            ("protocol", new SchemaNode(SchemaType.String) { Default = "TCP" }));
        var container = Object(
            ("name", new SchemaNode(SchemaType.String)),
            ("image", new SchemaNode(SchemaType.String)),
            ("args", new SchemaNode(SchemaType.Array) { Items = new SchemaNode(SchemaType.String) }),
            ("ports", MapList(port, "containerPort", "protocol")));
        var podSpec = Object(("containers", MapList(container, "name")));
        podSpec.Required.Add("containers");
        var metadata = Object(
            ("name", new SchemaNode(SchemaType.String)),
            ("namespace", new SchemaNode(SchemaType.String)),
            ("uid", new SchemaNode(SchemaType.String)),
            ("resourceVersion", new SchemaNode(SchemaType.String)),
            ("labels", new SchemaNode(SchemaType.Map) { Items = new SchemaNode(SchemaType.String) }),
            ("finalizers", new SchemaNode(SchemaType.Array)
            {
                Items = new SchemaNode(SchemaType.String),
                ListType = "set",
            }),
            ("managedFields", new SchemaNode(SchemaType.Array) { Items = new SchemaNode(SchemaType.Any) }));
        var selector = Object(
            ("matchLabels", new SchemaNode(SchemaType.Map) { Items = new SchemaNode(SchemaType.String) }));
        selector.MapType = "atomic";
        var template = Object(("metadata", metadata), ("spec", podSpec));
        var spec = Object(
            ("replicas", new SchemaNode(SchemaType.Integer)),
            ("selector", selector),
            ("template", template));
        var status = Object(("replicas", new SchemaNode(SchemaType.Integer)));
        return Object(
            ("apiVersion", new SchemaNode(SchemaType.String)),
            ("kind", new SchemaNode(SchemaType.String)),
            ("metadata", metadata),
            ("spec", spec),
            ("status", status));
    }

    private static SchemaNode Object(params (string Name, SchemaNode Schema)[] properties)
    {
        var node = new SchemaNode(SchemaType.Object);
        foreach (var (name, schema) in properties)
        {
            node.Properties[name] = schema;
        }

        return node;
    }

    private static SchemaNode MapList(SchemaNode items, params string[] keys) =>
        new(SchemaType.Array) { Items = items, ListType = "map", ListMapKeys = keys };
}
