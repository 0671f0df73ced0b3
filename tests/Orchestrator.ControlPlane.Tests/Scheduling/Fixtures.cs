using System.Text.Json.Nodes;
using Orchestrator.ControlPlane.Scheduling;

namespace Orchestrator.ControlPlane.Tests.Scheduling;

/// <summary>Pods and nodes in Kubernetes JSON, written as compact JSON snippets merged into a skeleton.</summary>
internal static class Fixtures
{
    /// <summary>A Ready node: 4 cpu, 8Gi, 110 pods, a hostname label; <paramref name="extra"/> merged in.</summary>
    public static JsonObject Node(string name, string extra = "{}")
    {
        var node = JsonNode.Parse("""
            {"metadata": {"name": "@0@", "labels": {"kubernetes.io/hostname": "@1@"}},
             "spec": {},
             "status": {"allocatable": {"cpu": "4", "memory": "8Gi", "pods": "110"},
                        "conditions": [{"type": "Ready", "status": "True"}]}}
            """.Replace("@0@", name).Replace("@1@", name))!.AsObject();
        Merge(node, JsonNode.Parse(extra)!.AsObject());
        return node;
    }

    /// <summary>A pod in namespace default asking 100m and 128Mi; <paramref name="extra"/> is merged in.</summary>
    public static JsonObject Pod(string name, string extra = "{}")
    {
        var pod = JsonNode.Parse("""
            {"metadata": {"name": "@0@", "namespace": "default", "labels": {}},
             "spec": {"containers": [{"name": "c", "resources": {"requests": {"cpu": "100m", "memory": "128Mi"}}}]}}
            """.Replace("@0@", name))!.AsObject();
        Merge(pod, JsonNode.Parse(extra)!.AsObject());
        return pod;
    }

    /// <summary>A pod bound to a node.</summary>
    public static JsonObject Placed(string name, string node, string extra = "{}")
    {
        var pod = Pod(name, extra);
        pod["spec"]!["nodeName"] = node;
        return pod;
    }

    /// <summary>Schedules the pod on the nodes with the placed pods bound by spec.nodeName.</summary>
    public static SchedulingDecision Schedule(JsonObject pod, IEnumerable<JsonObject> nodes, params JsonObject[] placed)
    {
        var views = nodes.Select(n => NodeView.From(
            n, placed.Where(p => (string?)p["spec"]!["nodeName"] == (string?)n["metadata"]!["name"]))).ToList();
        return PodScheduler.Schedule(pod, views, placed);
    }

    /// <summary>The overlay of a pod with one container requesting cpu and memory.</summary>
    public static string Asking(string cpu, string memory) =>
        """{"spec": {"containers": [{"resources": {"requests": {"cpu": "@0@", "memory": "@1@"}}}]}}"""
            .Replace("@0@", cpu).Replace("@1@", memory);

    /// <summary>Zone-labelled node: name, zone.</summary>
    public static JsonObject ZoneNode(string name, string zone) =>
        Node(name, """{"metadata": {"labels": {"topology.kubernetes.io/zone": "@0@"}}}""".Replace("@0@", zone));

    private static void Merge(JsonObject into, JsonObject from)
    {
        foreach (var (key, value) in from.ToList())
        {
            if (value is JsonObject child && into[key] is JsonObject existing)
            {
                Merge(existing, child);
            }
            else
            {
                into[key] = value?.DeepClone();
            }
        }
    }
}
