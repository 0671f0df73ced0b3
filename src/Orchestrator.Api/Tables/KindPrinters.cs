using System.Text.Json.Nodes;
using Orchestrator.Api.Objects;

namespace Orchestrator.Api.Tables;

/// <summary>
/// The columns kube-apiserver prints for each built-in kind, in its order and with its priorities, and the cells of
/// one object's row. Cells are always the wide set; kubectl hides priority 1 columns unless asked for <c>-o wide</c>.
/// </summary>
internal static partial class KindPrinters
{
    private static readonly TableColumn Name =
        new("Name", "string", "The name of the object, unique within its namespace.", Format: "name");

    private static readonly TableColumn Age =
        new("Age", "string", "How long ago the object was created.");

    private static readonly TableColumn Containers =
        new("Containers", "string", "The names of the containers in the pod template.", 1);

    private static readonly TableColumn Images =
        new("Images", "string", "The images the containers of the pod template run.", 1);

    private static readonly TableColumn Selector =
        new("Selector", "string", "The label query that picks the pods this object manages.", 1);

    private static readonly Dictionary<(string Group, string Kind), KindPrinter> ByKind = new()
    {
        [("", "Pod")] = new KindPrinter(
            [
                Name,
                new("Ready", "string", "How many of the pod's containers are ready, out of all of them."),
                new("Status", "string", "The overall state of the pod's containers."),
                new("Restarts", "string", "How many times the pod's containers restarted, and when last."),
                Age,
                new("IP", "string", "The IP address the pod was given.", 1),
                new("Node", "string", "The node the pod is bound to.", 1),
                new("Nominated Node", "string", "The node the scheduler means to place the pod on after preemption.",
                    1),
                new("Readiness Gates", "string", "How many of the pod's readiness gates are met.", 1),
            ],
            PodRow.Cells)
        {
            Conditions = PodRow.Conditions,
        },
        [("apps", "Deployment")] = new KindPrinter(
            [
                Name,
                new("Ready", "string", "Ready pods out of the desired number."),
                new("Up-to-date", "integer", "Pods running the latest pod template."),
                new("Available", "integer", "Pods that have been ready for at least minReadySeconds."),
                Age, Containers, Images, Selector,
            ],
            DeploymentCells),
        [("apps", "ReplicaSet")] = new KindPrinter(
            [
                Name,
                new("Desired", "integer", "The number of pods wanted."),
                new("Current", "integer", "The number of pods that exist."),
                new("Ready", "integer", "The number of pods that are ready."),
                Age, Containers, Images, Selector,
            ],
            ReplicaSetCells),
        [("", "Service")] = new KindPrinter(
            [
                Name,
                new("Type", "string", "How the service is exposed."),
                new("Cluster-IP", "string", "The virtual IP address the service answers on inside the cluster."),
                new("External-IP", "string", "The addresses the service answers on from outside the cluster."),
                new("Port(s)", "string", "The ports the service exposes."),
                Age,
                new("Selector", "string", "The labels of the pods that back the service.", 1),
            ],
            ServiceCells),
        [("", "Endpoints")] = new KindPrinter(
            [Name, new("Endpoints", "string", "The addresses and ports behind the service."), Age],
            EndpointsCells),
        [("discovery.k8s.io", "EndpointSlice")] = new KindPrinter(EndpointSliceColumns, EndpointSliceCells),
        [("networking.k8s.io", "IPAddress")] = new KindPrinter(
            [Name, new("ParentRef", "string", "The object the address belongs to.")], IpAddressCells),
        [("networking.k8s.io", "Ingress")] = new KindPrinter(IngressColumns, IngressCells),
        [("networking.k8s.io", "IngressClass")] = new KindPrinter(
            [
                Name,
                new("Controller", "string", "The controller that serves ingresses of the class."),
                new("Parameters", "string", "The parameters of the class."),
                Age,
            ],
            (o, now) => [NameOf(o), o.ObjectAt("spec").StringAt("controller") ?? "",
                o.ObjectAt("spec").ObjectAt("parameters") is null ? "<none>" :
                    $"{o.ObjectAt("spec").ObjectAt("parameters").StringAt("kind")}/" +
                    o.ObjectAt("spec").ObjectAt("parameters").StringAt("name"),
                AgeOf(o, now)]),
        [("", "ConfigMap")] = new KindPrinter(
            [Name, new("Data", "integer", "The number of keys in the config map."), Age],
            (o, now) => [NameOf(o), Count(o, "data") + Count(o, "binaryData"), AgeOf(o, now)]),
        [("", "Secret")] = new KindPrinter(
            [
                Name,
                new("Type", "string", "The kind of secret."),
                new("Data", "integer", "The number of keys in the secret."),
                Age,
            ],
            (o, now) => [NameOf(o), o.StringAt("type") ?? "", Count(o, "data"), AgeOf(o, now)]),
        [("", "Namespace")] = new KindPrinter(
            [Name, new("Status", "string", "The phase of the namespace."), Age],
            (o, now) => [NameOf(o), o.ObjectAt("status").StringAt("phase") ?? "", AgeOf(o, now)]),
        [("", "ServiceAccount")] = new KindPrinter(
            [Name, new("Secrets", "integer", "The number of secrets the service account names."), Age],
            (o, now) => [NameOf(o), o.ArrayAt("secrets")?.Count ?? 0, AgeOf(o, now)]),
        [("coordination.k8s.io", "Lease")] = new KindPrinter(
            [Name, new("Holder", "string", "Who holds the lease."), Age],
            (o, now) => [NameOf(o), o.ObjectAt("spec").StringAt("holderIdentity") ?? "", AgeOf(o, now)]),
        [("policy", "PodDisruptionBudget")] = new KindPrinter(
            [
                Name,
                new("Min Available", "string", "The minimum number of pods that must be available."),
                new("Max Unavailable", "string", "The maximum number of pods that may be unavailable."),
                new("Allowed Disruptions", "integer",
                    "The number of pod disruptions that are currently allowed."),
                Age,
            ],
            DisruptionBudgetCells),
        [("", "Node")] = new KindPrinter(NodeColumns, NodeCells),
        [("", "Event")] = new KindPrinter(EventColumns, EventCells),
        [("events.k8s.io", "Event")] = new KindPrinter(EventColumns, EventCells),
    };

    private static readonly KindPrinter Fallback = new([Name, Age], (o, now) => [NameOf(o), AgeOf(o, now)]);

    public static KindPrinter For(string group, string kind) =>
        ByKind.TryGetValue((group, kind), out var printer) ? printer : Fallback;

    private static JsonArray DeploymentCells(JsonObject deployment, DateTimeOffset now)
    {
        var spec = deployment.ObjectAt("spec");
        var status = deployment.ObjectAt("status");
        var (containers, images) = ContainerCells(spec);
        return
        [
            NameOf(deployment),
            $"{status.IntegerAt("readyReplicas") ?? 0}/{spec.IntegerAt("replicas") ?? 0}",
            status.IntegerAt("updatedReplicas") ?? 0,
            status.IntegerAt("availableReplicas") ?? 0,
            AgeOf(deployment, now),
            containers,
            images,
            LabelText.FormatSelector(spec.ObjectAt("selector")),
        ];
    }

    private static JsonArray ReplicaSetCells(JsonObject replicaSet, DateTimeOffset now)
    {
        var spec = replicaSet.ObjectAt("spec");
        var status = replicaSet.ObjectAt("status");
        var (containers, images) = ContainerCells(spec);
        return
        [
            NameOf(replicaSet),
            spec.IntegerAt("replicas") ?? 0,
            status.IntegerAt("replicas") ?? 0,
            status.IntegerAt("readyReplicas") ?? 0,
            AgeOf(replicaSet, now),
            containers,
            images,
            LabelText.FormatSelector(spec.ObjectAt("selector")),
        ];
    }

    private static JsonArray DisruptionBudgetCells(JsonObject budget, DateTimeOffset now)
    {
        var spec = budget.ObjectAt("spec");
        static string IntOrString(JsonNode? value) => value switch
        {
            null => "N/A",
            JsonValue v when v.GetValueKind() == System.Text.Json.JsonValueKind.String => v.GetValue<string>(),
            _ => value.ToJsonString(),
        };

        return
        [
            NameOf(budget),
            IntOrString(spec?["minAvailable"]),
            IntOrString(spec?["maxUnavailable"]),
            budget.ObjectAt("status").IntegerAt("disruptionsAllowed") ?? 0,
            AgeOf(budget, now),
        ];
    }

    private static (string Containers, string Images) ContainerCells(JsonObject? workloadSpec)
    {
        var containers = workloadSpec.ObjectAt("template").ObjectAt("spec").ObjectsAt("containers").ToList();
        return (string.Join(",", containers.Select(c => c.StringAt("name") ?? "")),
            string.Join(",", containers.Select(c => c.StringAt("image") ?? "")));
    }

    private static string NameOf(JsonObject obj) => obj.ObjectAt("metadata").StringAt("name") ?? "";

    private static string AgeOf(JsonObject obj, DateTimeOffset now) =>
        HumanDuration.Since(obj.ObjectAt("metadata").TimestampAt("creationTimestamp"), now);

    private static int Count(JsonObject obj, string map) => obj.ObjectAt(map)?.Count ?? 0;
}
