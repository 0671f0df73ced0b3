using System.Text.Json.Nodes;
using Orchestrator.Api.Objects;

namespace Orchestrator.Api.Defaults;

/// <summary>
/// Kubernetes' defaults for pod specs and their containers, and the ones admission adds to pods only (service
/// account, priority, the not-ready and unreachable tolerations). Only missing fields are set.
/// </summary>
internal static class PodSpecDefaults
{
    private const int DefaultTolerationSeconds = 300;

    /// <summary>Defaults of a pod spec wherever it appears: in a pod or in a workload's pod template.</summary>
    public static void ApplyToSpec(JsonObject spec)
    {
        SetIfMissing(spec, "dnsPolicy", "ClusterFirst");
        SetIfMissing(spec, "restartPolicy", "Always");
        SetIfMissing(spec, "terminationGracePeriodSeconds", 30);
        SetIfMissing(spec, "schedulerName", "default-scheduler");
        spec.EnsureObject("securityContext");

        var hostNetwork = spec.BooleanAt("hostNetwork") == true;
        foreach (var list in new[] { "initContainers", "containers" })
        {
            foreach (var container in spec.ObjectsAt(list))
            {
                ApplyToContainer(container, hostNetwork);
            }
        }

        foreach (var volume in spec.ObjectsAt("volumes"))
        {
            ApplyToVolume(volume);
        }
    }

    /// <summary>
    /// Defaults only a pod gets, on top of <see cref="ApplyToSpec"/>; a pod without status starts Pending with its
    /// QoS class (callers restore the stored status on updates, as kube-apiserver does).
    /// </summary>
    public static void ApplyToPod(JsonObject pod)
    {
        var spec = pod.EnsureObject("spec");
        ApplyToSpec(spec);
        SetIfMissing(spec, "enableServiceLinks", true);
        SetIfMissing(spec, "preemptionPolicy", "PreemptLowerPriority");
        SetIfMissing(spec, "priority", 0);
        SetIfMissing(spec, "serviceAccountName", spec.StringAt("serviceAccount") ?? "default");
        SetIfMissing(spec, "serviceAccount", spec.StringAt("serviceAccountName") ?? "default");

        foreach (var container in spec.ObjectsAt("containers").Concat(spec.ObjectsAt("initContainers")))
        {
            var resources = container.EnsureObject("resources");
            if (resources.ObjectAt("limits") is { } limits)
            {
                var requests = resources.EnsureObject("requests");
                foreach (var (name, quantity) in limits)
                {
                    if (!requests.ContainsKey(name))
                    {
                        requests[name] = quantity?.DeepClone();
                    }
                }
            }
        }

        var tolerations = spec["tolerations"] as JsonArray ?? [];
        spec["tolerations"] = tolerations;
        foreach (var taint in new[] { "node.kubernetes.io/not-ready", "node.kubernetes.io/unreachable" })
        {
            var tolerated = tolerations.OfType<JsonObject>().Any(t =>
                (t.StringAt("key") == taint || (t.StringAt("key") ?? "") == "" && t.StringAt("operator") == "Exists")
                && (t.StringAt("effect") ?? "") is "" or "NoExecute");
            if (!tolerated)
            {
                tolerations.Add(new JsonObject
                {
                    ["effect"] = "NoExecute",
                    ["key"] = taint,
                    ["operator"] = "Exists",
                    ["tolerationSeconds"] = DefaultTolerationSeconds,
                });
            }
        }

        if (pod["status"] is null)
        {
            pod["status"] = new JsonObject { ["phase"] = "Pending", ["qosClass"] = QosClass(spec) };
        }
    }

    /// <summary>
    /// Guaranteed when every container limits CPU and memory and requests what it limits, BestEffort when none
    /// asks for either, Burstable otherwise. Quantities are compared as written.
    /// </summary>
    public static string QosClass(JsonObject spec)
    {
        var containers = spec.ObjectsAt("containers").Concat(spec.ObjectsAt("initContainers")).ToList();
        string[] computeResources = ["cpu", "memory"];
        var anyAsked = containers.Any(c => computeResources.Any(r =>
            c.ObjectAt("resources").ObjectAt("requests")?.ContainsKey(r) == true ||
            c.ObjectAt("resources").ObjectAt("limits")?.ContainsKey(r) == true));
        if (!anyAsked)
        {
            return "BestEffort";
        }

        var guaranteed = containers.All(c => computeResources.All(r =>
            c.ObjectAt("resources").ObjectAt("limits")?[r] is { } limit &&
            JsonNode.DeepEquals(limit, c.ObjectAt("resources").ObjectAt("requests")?[r] ?? limit)));
        return guaranteed ? "Guaranteed" : "Burstable";
    }

    public static void ApplyToContainer(JsonObject container, bool hostNetwork)
    {
        SetIfMissing(container, "imagePullPolicy", PullPolicyFor(container.StringAt("image") ?? ""));
        SetIfMissing(container, "terminationMessagePath", "/dev/termination-log");
        SetIfMissing(container, "terminationMessagePolicy", "File");
        container.EnsureObject("resources");

        foreach (var port in container.ObjectsAt("ports"))
        {
            SetIfMissing(port, "protocol", "TCP");
            if (hostNetwork && port.IntegerAt("hostPort") is null or 0 && port["containerPort"] is { } number)
            {
                port["hostPort"] = number.DeepClone();
            }
        }

        foreach (var variable in container.ObjectsAt("env"))
        {
            if (variable.ObjectAt("valueFrom").ObjectAt("fieldRef") is { } fieldRef)
            {
                SetIfMissing(fieldRef, "apiVersion", "v1");
            }
        }

        foreach (var probe in new[] { "livenessProbe", "readinessProbe", "startupProbe" })
        {
            if (container.ObjectAt(probe) is { } found)
            {
                ApplyToProbe(found);
            }
        }

        foreach (var hook in new[] { "postStart", "preStop" })
        {
            if (container.ObjectAt("lifecycle").ObjectAt(hook).ObjectAt("httpGet") is { } httpGet)
            {
                SetIfMissing(httpGet, "scheme", "HTTP");
            }
        }
    }

    /// <summary>
    /// <c>Always</c> for images tagged <c>latest</c> or with neither tag nor digest, <c>IfNotPresent</c> otherwise.
    /// </summary>
    public static string PullPolicyFor(string image)
    {
        var withoutDigest = image.Split('@')[0];
        var hasDigest = withoutDigest.Length != image.Length;
        var lastSegment = withoutDigest[(withoutDigest.LastIndexOf('/') + 1)..];
        var colon = lastSegment.LastIndexOf(':');
        var tag = colon >= 0 ? lastSegment[(colon + 1)..] : hasDigest ? "" : "latest";
        return tag == "latest" ? "Always" : "IfNotPresent";
    }

    private static void ApplyToProbe(JsonObject probe)
    {
        SetIfMissing(probe, "timeoutSeconds", 1);
        SetIfMissing(probe, "periodSeconds", 10);
        SetIfMissing(probe, "successThreshold", 1);
        SetIfMissing(probe, "failureThreshold", 3);
        if (probe.ObjectAt("httpGet") is { } httpGet)
        {
            SetIfMissing(httpGet, "scheme", "HTTP");
        }

        if (probe.ObjectAt("grpc") is { } grpc)
        {
            SetIfMissing(grpc, "service", "");
        }
    }

    private static void ApplyToVolume(JsonObject volume)
    {
        foreach (var source in new[] { "secret", "configMap", "projected", "downwardAPI" })
        {
            if (volume.ObjectAt(source) is { } found)
            {
                SetIfMissing(found, "defaultMode", 420);
            }
        }

        if (volume.ObjectAt("hostPath") is { } hostPath)
        {
            SetIfMissing(hostPath, "type", "");
        }
    }

    public static void SetIfMissing(JsonObject obj, string name, JsonNode? value)
    {
        if (obj[name] is null)
        {
            obj[name] = value;
        }
    }
}
