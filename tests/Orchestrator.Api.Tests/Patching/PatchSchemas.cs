using Orchestrator.Api.Schema;

namespace Orchestrator.Api.Tests.Patching;

/// <summary>
/// Hand-built schema trees shaped like the built-in models, with their real patch strategies and merge keys:
/// containers, env and volumes merge on name, ports on containerPort, volumes and the Deployment strategy retain
/// keys, finalizers are a merged list of primitives, args and tolerations are replaced.
/// </summary>
internal static class PatchSchemas
{
    public static SchemaNode Deployment { get; } = Object(
        ("apiVersion", Scalar()),
        ("kind", Scalar()),
        ("metadata", ObjectMeta()),
        ("spec", Object(
            ("replicas", new SchemaNode(SchemaType.Integer)),
            ("selector", new SchemaNode(SchemaType.Any)),
            ("strategy", Strategy()),
            ("template", Object(("metadata", ObjectMeta()), ("spec", PodSpec()))))));

    public static SchemaNode Pod { get; } = Object(
        ("apiVersion", Scalar()),
        ("kind", Scalar()),
        ("metadata", ObjectMeta()),
        ("spec", PodSpec()));

    private static SchemaNode ObjectMeta() => Object(
        ("name", Scalar()),
        ("namespace", Scalar()),
        ("labels", Map(Scalar())),
        ("annotations", Map(Scalar())),
        ("finalizers", List(Scalar(), "merge")));

    private static SchemaNode Strategy()
    {
        var strategy = Object(
            ("type", Scalar()),
            ("rollingUpdate", Object(
                ("maxSurge", new SchemaNode(SchemaType.IntOrString)),
                ("maxUnavailable", new SchemaNode(SchemaType.IntOrString)))));
        strategy.PatchStrategy = "retainKeys";
        return strategy;
    }

    private static SchemaNode PodSpec() => Object(
        ("containers", List(Container(), "merge", "name")),
        ("initContainers", List(Container(), "merge", "name")),
        ("volumes", List(Volume(), "merge,retainKeys", "name")),
        ("nodeSelector", Map(Scalar())),
        ("tolerations", List(Object(("key", Scalar()), ("effect", Scalar())))));

    private static SchemaNode Container() => Object(
        ("name", Scalar()),
        ("image", Scalar()),
        ("args", List(Scalar())),
        ("env", List(Object(("name", Scalar()), ("value", Scalar()), ("valueFrom", Any())), "merge", "name")),
        ("ports", List(
            Object(
                ("containerPort", new SchemaNode(SchemaType.Integer)),
                ("name", Scalar()),
                ("protocol", Scalar())),
            "merge",
            "containerPort")),
        ("resources", Object(("limits", Map(Scalar())), ("requests", Map(Scalar())))));

    private static SchemaNode Volume()
    {
        var volume = Object(
            ("name", Scalar()),
            ("configMap", Object(("name", Scalar()))),
            ("emptyDir", Object(("medium", Scalar()))),
            ("secret", Object(("secretName", Scalar()))));
        volume.PatchStrategy = "retainKeys";
        return volume;
    }

    private static SchemaNode Object(params (string Name, SchemaNode Node)[] properties)
    {
        var node = new SchemaNode(SchemaType.Object);
        foreach (var (name, child) in properties)
        {
            node.Properties[name] = child;
        }

        return node;
    }

    private static SchemaNode List(SchemaNode items, string? strategy = null, string? mergeKey = null) =>
        new(SchemaType.Array) { Items = items, PatchStrategy = strategy, PatchMergeKey = mergeKey };

    private static SchemaNode Map(SchemaNode values) => new(SchemaType.Map) { Items = values };

    private static SchemaNode Scalar() => new(SchemaType.String);

    private static SchemaNode Any() => new(SchemaType.Any);
}
