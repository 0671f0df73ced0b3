using System.Text.Json.Nodes;

namespace Orchestrator.ControlPlane.Scheduling;

/// <summary>
/// The cluster as one scheduling cycle sees it: the nodes, the pods bound to each node (terminal pods left out)
/// and, for namespaceSelector terms, the labels of namespaces. Immutable.
/// </summary>
public sealed class ClusterSnapshot
{
    private readonly IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> _namespaceLabels;

    /// <summary>Builds the snapshot; pods whose spec.nodeName names no given node are ignored.</summary>
    public ClusterSnapshot(
        IReadOnlyList<NodeView> nodes, IReadOnlyList<JsonObject> placedPods,
        IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>>? namespaceLabels = null)
    {
        Nodes = nodes;
        _namespaceLabels = namespaceLabels ?? new Dictionary<string, IReadOnlyDictionary<string, string>>();
        var byNode = nodes.ToDictionary(n => n.Name, _ => new List<JsonObject>(), StringComparer.Ordinal);
        foreach (var pod in placedPods.Where(p => !NodeView.IsTerminal(p)))
        {
            var nodeName = JsonRead.String(JsonRead.Object(pod, "spec"), "nodeName");
            if (nodeName is not null && byNode.TryGetValue(nodeName, out var list))
            {
                list.Add(pod);
            }
        }

        PodsByNode = byNode.ToDictionary(kv => kv.Key, kv => (IReadOnlyList<JsonObject>)kv.Value);
    }

    /// <summary>All nodes of the cycle.</summary>
    public IReadOnlyList<NodeView> Nodes { get; }

    /// <summary>The non-terminal pods bound to each node, by node name.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<JsonObject>> PodsByNode { get; }

    /// <summary>The labels of a namespace, empty when unknown.</summary>
    public IReadOnlyDictionary<string, string> NamespaceLabels(string ns) =>
        _namespaceLabels.TryGetValue(ns, out var labels) ? labels : new Dictionary<string, string>();

    /// <summary>The snapshot without the given pods (for preemption's what-if).</summary>
    public ClusterSnapshot Without(IReadOnlyCollection<JsonObject> pods) =>
        new(Nodes.Select(n => n.Without(pods)).ToList(),
            PodsByNode.Values.SelectMany(p => p)
                .Where(p => !pods.Any(r => ReferenceEquals(r, p) || NodeView.PodKey(r) == NodeView.PodKey(p)))
                .ToList(),
            _namespaceLabels);
}
