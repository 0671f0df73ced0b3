using System.Text.Json.Nodes;
using Orchestrator.ControlPlane.Workloads;

namespace Orchestrator.ControlPlane.Tests.Workloads;

/// <summary>
/// Applies <see cref="DeploymentPlan"/> decisions to an in-memory Deployment and its ReplicaSets, and stands in for
/// the ReplicaSet controller and the kubelets: pods appear at once and become available one settle later.
/// </summary>
internal sealed class RolloutSimulation
{
    private int created;

    public RolloutSimulation(JsonObject deployment, DateTimeOffset start)
    {
        Deployment = deployment;
        Now = start;
    }

    public JsonObject Deployment { get; }

    public List<JsonObject> ReplicaSets { get; } = [];

    public DateTimeOffset Now { get; set; }

    /// <summary>Whether pods ever become available; false models a rollout that is stuck.</summary>
    public bool PodsBecomeAvailable { get; set; } = true;

    public static JsonObject NewDeployment(
        int replicas, string image = "web:1", object? maxSurge = null, object? maxUnavailable = null,
        bool recreate = false)
    {
        var strategy = recreate
            ? new JsonObject { ["type"] = "Recreate" }
            : new JsonObject
            {
                ["type"] = "RollingUpdate",
                ["rollingUpdate"] = new JsonObject
                {
                    ["maxSurge"] = JsonValue.Create(maxSurge ?? "25%"),
                    ["maxUnavailable"] = JsonValue.Create(maxUnavailable ?? "25%"),
                },
            };
        return new JsonObject
        {
            ["apiVersion"] = "apps/v1",
            ["kind"] = "Deployment",
            ["metadata"] = new JsonObject
            {
                ["name"] = "web",
                ["namespace"] = "default",
                ["uid"] = "deploy-uid",
                ["generation"] = 1,
            },
            ["spec"] = new JsonObject
            {
                ["replicas"] = replicas,
                ["selector"] = new JsonObject { ["matchLabels"] = new JsonObject { ["app"] = "web" } },
                ["strategy"] = strategy,
                ["template"] = Template(image),
            },
        };
    }

    public static JsonObject Template(string image) => new()
    {
        ["metadata"] = new JsonObject { ["labels"] = new JsonObject { ["app"] = "web" } },
        ["spec"] = new JsonObject
        {
            ["containers"] = new JsonArray(new JsonObject { ["name"] = "app", ["image"] = image }),
        },
    };

    public JsonObject Spec => (JsonObject)Deployment["spec"]!;

    public int Desired => Spec["replicas"]!.GetValue<int>();

    /// <summary>Changes the Deployment's spec as the API would, bumping its generation.</summary>
    public void ChangeSpec(Action<JsonObject> change)
    {
        change(Spec);
        var metadata = (JsonObject)Deployment["metadata"]!;
        metadata["generation"] = metadata["generation"]!.GetValue<int>() + 1;
    }

    public void SetImage(string image) => ChangeSpec(spec => spec["template"] = Template(image));

    public DeploymentSync Sync(IReadOnlyDictionary<string, int>? activePods = null)
    {
        var sync = DeploymentPlan.Compute(Deployment, ReplicaSets, Now, activePods);

        if (sync.ReplicaSetToCreate is { } replicaSet)
        {
            var metadata = (JsonObject)replicaSet["metadata"]!;
            metadata["uid"] = $"rs-uid-{created}";
            metadata["creationTimestamp"] = Now.AddSeconds(created++).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'");
            metadata["generation"] = 1;
            replicaSet["status"] = new JsonObject { ["observedGeneration"] = 1 };
            ReplicaSets.Add(replicaSet);
        }

        foreach (var update in sync.ReplicaSetsToUpdate)
        {
            var index = ReplicaSets.FindIndex(rs => Name(rs) == Name(update));
            update["status"] = ReplicaSets[index]["status"]!.DeepClone();
            ReplicaSets[index] = update;
        }

        ReplicaSets.RemoveAll(rs => sync.ReplicaSetsToDelete.Contains(Name(rs)));
        if (sync.Revision is { } revision)
        {
            var metadata = (JsonObject)Deployment["metadata"]!;
            var annotations = metadata["annotations"] as JsonObject ?? [];
            metadata["annotations"] = annotations;
            annotations[DeploymentPlan.RevisionAnnotation] = revision;
        }

        Deployment["status"] = sync.Status.DeepClone();
        return sync;
    }

    /// <summary>Pods that existed at the last settle become available; new ones appear, removed ones go.</summary>
    public void Settle()
    {
        foreach (var rs in ReplicaSets)
        {
            var spec = rs["spec"]!["replicas"]!.GetValue<int>();
            var status = (JsonObject)rs["status"]!;
            var existing = status["replicas"]?.GetValue<int>() ?? 0;
            var available = PodsBecomeAvailable ? Math.Min(spec, existing) : 0;
            status["replicas"] = spec;
            status["readyReplicas"] = available;
            status["availableReplicas"] = available;
        }
    }

    /// <summary>Syncs and settles until the Deployment is complete; returns the number of syncs.</summary>
    public int RunToCompletion(Action? afterEachSync = null, int limit = 200)
    {
        for (var step = 1; step <= limit; step++)
        {
            Sync();
            afterEachSync?.Invoke();
            if (IsComplete())
            {
                return step;
            }

            Settle();
            afterEachSync?.Invoke();
        }

        throw new AssertFailedException($"Deployment web did not complete within {limit} syncs");
    }

    public bool IsComplete()
    {
        var status = (JsonObject)Deployment["status"]!;
        var progressing = ((JsonArray?)status["conditions"])?.OfType<JsonObject>()
            .FirstOrDefault(c => (string?)c["type"] == "Progressing");
        return Count(status, "updatedReplicas") == Desired && Count(status, "replicas") == Desired
            && Count(status, "availableReplicas") == Desired
            && (string?)progressing?["reason"] == "NewReplicaSetAvailable";
    }

    public JsonObject ReplicaSetFor(string image) => ReplicaSets.Single(
        rs => (string?)rs["spec"]!["template"]!["spec"]!["containers"]![0]!["image"] == image);

    public int SpecOf(string image) => ReplicaSetFor(image)["spec"]!["replicas"]!.GetValue<int>();

    public int TotalSpec => ReplicaSets.Sum(rs => rs["spec"]!["replicas"]!.GetValue<int>());

    public int TotalAvailable => ReplicaSets.Sum(rs => Count((JsonObject)rs["status"]!, "availableReplicas"));

    public JsonObject? Condition(string type) => ((JsonArray?)Deployment["status"]!["conditions"])
        ?.OfType<JsonObject>().FirstOrDefault(c => (string?)c["type"] == type);

    public static string Name(JsonObject obj) => (string)obj["metadata"]!["name"]!;

    public static string? Annotation(JsonObject obj, string key) => (string?)obj["metadata"]!["annotations"]?[key];

    private static int Count(JsonObject status, string field) => status[field]?.GetValue<int>() ?? 0;
}
