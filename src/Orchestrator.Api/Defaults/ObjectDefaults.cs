using System.Text.Json.Nodes;
using Orchestrator.Api.Objects;
using Orchestrator.Api.Resources;

namespace Orchestrator.Api.Defaults;

/// <summary>
/// Fills the fields Kubernetes defaults, so objects read back as they would from kube-apiserver. Run it on create
/// and update bodies before validation. Idempotent: only missing fields are set.
/// </summary>
public static class ObjectDefaults
{
    public static void Apply(ResourceDefinition resource, JsonObject obj)
    {
        switch (resource.Group, resource.Kind)
        {
            case ("", "Pod"):
                PodSpecDefaults.ApplyToPod(obj);
                break;
            case ("apps", "Deployment"):
                ApplyToDeployment(obj);
                break;
            case ("apps", "ReplicaSet"):
                ApplyToTemplate(obj.EnsureObject("spec"));
                PodSpecDefaults.SetIfMissing(obj.EnsureObject("spec"), "replicas", 1);
                break;
            case ("", "Service"):
                ApplyToService(obj);
                break;
            case ("", "Endpoints"):
                foreach (var port in obj.ObjectsAt("subsets").SelectMany(s => s.ObjectsAt("ports")))
                {
                    PodSpecDefaults.SetIfMissing(port, "protocol", "TCP");
                }

                break;
            case ("", "Secret"):
                if (string.IsNullOrEmpty(obj.StringAt("type")))
                {
                    obj["type"] = "Opaque";
                }

                break;
            case ("", "Namespace"):
                ApplyToNamespace(obj);
                break;
        }
    }

    private static void ApplyToDeployment(JsonObject deployment)
    {
        var spec = deployment.EnsureObject("spec");
        PodSpecDefaults.SetIfMissing(spec, "replicas", 1);
        var strategy = spec.EnsureObject("strategy");
        PodSpecDefaults.SetIfMissing(strategy, "type", "RollingUpdate");
        if (strategy.StringAt("type") == "RollingUpdate")
        {
            var rollingUpdate = strategy.EnsureObject("rollingUpdate");
            PodSpecDefaults.SetIfMissing(rollingUpdate, "maxUnavailable", "25%");
            PodSpecDefaults.SetIfMissing(rollingUpdate, "maxSurge", "25%");
        }

        PodSpecDefaults.SetIfMissing(spec, "revisionHistoryLimit", 10);
        PodSpecDefaults.SetIfMissing(spec, "progressDeadlineSeconds", 600);
        ApplyToTemplate(spec);
    }

    /// <summary>
    /// A workload's pod template: the pod spec defaults, and the <c>creationTimestamp: null</c> Kubernetes writes
    /// in every template's metadata.
    /// </summary>
    private static void ApplyToTemplate(JsonObject workloadSpec)
    {
        if (workloadSpec.ObjectAt("template") is not { } template)
        {
            return;
        }

        var metadata = template.EnsureObject("metadata");
        if (!metadata.ContainsKey("creationTimestamp"))
        {
            metadata["creationTimestamp"] = null;
        }

        PodSpecDefaults.ApplyToSpec(template.EnsureObject("spec"));
    }

    private static void ApplyToService(JsonObject service)
    {
        var spec = service.EnsureObject("spec");
        PodSpecDefaults.SetIfMissing(spec, "type", "ClusterIP");
        PodSpecDefaults.SetIfMissing(spec, "sessionAffinity", "None");
        if (spec.StringAt("sessionAffinity") == "ClientIP")
        {
            var clientIp = spec.EnsureObject("sessionAffinityConfig").EnsureObject("clientIP");
            PodSpecDefaults.SetIfMissing(clientIp, "timeoutSeconds", 10800);
        }

        foreach (var port in spec.ObjectsAt("ports"))
        {
            PodSpecDefaults.SetIfMissing(port, "protocol", "TCP");
            if (port["targetPort"] is null || JsonObjectReading.AsInteger(port["targetPort"]) == 0 ||
                port.StringAt("targetPort") == "")
            {
                port["targetPort"] = port["port"]?.DeepClone();
            }
        }

        var type = spec.StringAt("type");
        if (type is "NodePort" or "LoadBalancer")
        {
            PodSpecDefaults.SetIfMissing(spec, "externalTrafficPolicy", "Cluster");
        }

        if (type == "LoadBalancer")
        {
            PodSpecDefaults.SetIfMissing(spec, "allocateLoadBalancerNodePorts", true);
        }

        if (type == "ExternalName")
        {
            return;
        }

        PodSpecDefaults.SetIfMissing(spec, "internalTrafficPolicy", "Cluster");
        if (spec.StringAt("clusterIP") is { Length: > 0 } clusterIp && spec["clusterIPs"] is null)
        {
            spec["clusterIPs"] = new JsonArray(clusterIp);
        }

        var ipv6 = spec.StringAt("clusterIP") is { } ip && ip.Contains(':');
        PodSpecDefaults.SetIfMissing(spec, "ipFamilies", new JsonArray(ipv6 ? "IPv6" : "IPv4"));
        PodSpecDefaults.SetIfMissing(spec, "ipFamilyPolicy", "SingleStack");
    }

    private static void ApplyToNamespace(JsonObject ns)
    {
        var name = ns.ObjectAt("metadata").StringAt("name");
        if (!string.IsNullOrEmpty(name))
        {
            ns.EnsureObject("metadata").EnsureObject("labels")["kubernetes.io/metadata.name"] = name;
        }

        var spec = ns.EnsureObject("spec");
        PodSpecDefaults.SetIfMissing(spec, "finalizers", new JsonArray("kubernetes"));
        PodSpecDefaults.SetIfMissing(ns.EnsureObject("status"), "phase", "Active");
    }
}
