using System.Text.Json.Nodes;
using Orchestrator.Api.Objects;

namespace Orchestrator.Api.Tables;

internal static partial class KindPrinters
{
    private const string RoleLabelPrefix = "node-role.kubernetes.io/";

    private static IReadOnlyList<TableColumn> NodeColumns =>
    [
        Name,
        new("Status", "string", "Whether the node is ready and schedulable."),
        new("Roles", "string", "The roles the node's labels give it."),
        Age,
        new("Version", "string", "The kubelet version the node reports."),
        new("Internal-IP", "string", "The node's address inside the cluster.", 1),
        new("External-IP", "string", "The node's address outside the cluster.", 1),
        new("OS-Image", "string", "The operating system the node runs.", 1),
        new("Kernel-Version", "string", "The node's kernel version.", 1),
        new("Container-Runtime", "string", "The node's container runtime and its version.", 1),
    ];

    private static IReadOnlyList<TableColumn> EventColumns =>
    [
        new("Last Seen", "string", "When the event last happened."),
        new("Type", "string", "Normal or Warning."),
        new("Reason", "string", "Why the event happened, in one word."),
        new("Object", "string", "The object the event is about."),
        new("Subobject", "string", "The part of the object the event is about.", 1),
        new("Source", "string", "The component that reported the event.", 1),
        new("Message", "string", "What happened, for a human."),
        new("First Seen", "string", "When the event first happened.", 1),
        new("Count", "string", "How many times the event happened.", 1),
        new("Name", "string", "The name of the event.", 1, "name"),
    ];

    private static JsonArray NodeCells(JsonObject node, DateTimeOffset now)
    {
        var status = node.ObjectAt("status");
        var info = status.ObjectAt("nodeInfo");
        var states = new List<string>();
        if (status.ObjectsAt("conditions").FirstOrDefault(c => c.StringAt("type") == "Ready") is { } ready)
        {
            states.Add(ready.StringAt("status") == "True" ? "Ready" : "NotReady");
        }
        else
        {
            states.Add("Unknown");
        }

        if (node.ObjectAt("spec").BooleanAt("unschedulable") == true)
        {
            states.Add("SchedulingDisabled");
        }

        var roles = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var (key, value) in node.ObjectAt("metadata").StringMapAt("labels"))
        {
            if (key.StartsWith(RoleLabelPrefix, StringComparison.Ordinal) && key.Length > RoleLabelPrefix.Length)
            {
                roles.Add(key[RoleLabelPrefix.Length..]);
            }
            else if (key == "kubernetes.io/role" && value.Length > 0)
            {
                roles.Add(value);
            }
        }

        return
        [
            NameOf(node),
            string.Join(",", states),
            roles.Count == 0 ? "<none>" : string.Join(",", roles),
            AgeOf(node, now),
            info.StringAt("kubeletVersion") ?? "",
            Address(status, "InternalIP"),
            Address(status, "ExternalIP"),
            OrUnknown(info.StringAt("osImage")),
            OrUnknown(info.StringAt("kernelVersion")),
            OrUnknown(info.StringAt("containerRuntimeVersion")),
        ];
    }

    /// <summary>
    /// Rows for core/v1 events and for events.k8s.io/v1 events, whose fields carry other names
    /// (<c>regarding</c>, <c>note</c>, <c>deprecatedCount</c>...).
    /// </summary>
    private static JsonArray EventCells(JsonObject ev, DateTimeOffset now)
    {
        var involved = ev.ObjectAt("involvedObject") ?? ev.ObjectAt("regarding");
        var source = ev.ObjectAt("source") ?? ev.ObjectAt("deprecatedSource");
        var firstTimestamp = ev.TimestampAt("firstTimestamp") ?? ev.TimestampAt("deprecatedFirstTimestamp");
        var lastTimestamp = ev.TimestampAt("lastTimestamp") ?? ev.TimestampAt("deprecatedLastTimestamp");
        var firstSeen = HumanDuration.Since(firstTimestamp ?? ev.TimestampAt("eventTime"), now);
        var lastSeen = lastTimestamp is null ? firstSeen : HumanDuration.Since(lastTimestamp, now);
        var count = ev.IntegerAt("count") ?? ev.IntegerAt("deprecatedCount") ?? 0;
        if (ev.ObjectAt("series") is { } series)
        {
            lastSeen = HumanDuration.Since(series.TimestampAt("lastObservedTime"), now);
            count = series.IntegerAt("count") ?? 0;
        }
        else if (count == 0)
        {
            count = 1;
        }

        var kind = (involved.StringAt("kind") ?? "").ToLowerInvariant();
        var target = involved.StringAt("name") is { Length: > 0 } name ? $"{kind}/{name}" : kind;
        var component = FirstNonEmpty(source.StringAt("component"), ev.StringAt("reportingController"));
        var instance = FirstNonEmpty(source.StringAt("host"), ev.StringAt("reportingInstance"));
        return
        [
            lastSeen,
            ev.StringAt("type") ?? "",
            ev.StringAt("reason") ?? "",
            target,
            involved.StringAt("fieldPath") ?? "",
            instance.Length == 0 ? component : $"{component}, {instance}",
            (ev.StringAt("message") ?? ev.StringAt("note") ?? "").Trim(),
            firstSeen,
            count,
            NameOf(ev),
        ];
    }

    private static string Address(JsonObject? status, string type) =>
        status.ObjectsAt("addresses").FirstOrDefault(a => a.StringAt("type") == type).StringAt("address")
            is { Length: > 0 } address
            ? address
            : "<none>";

    private static string OrUnknown(string? value) => string.IsNullOrEmpty(value) ? "<unknown>" : value;

    private static string FirstNonEmpty(string? first, string? second) =>
        !string.IsNullOrEmpty(first) ? first : second ?? "";
}
