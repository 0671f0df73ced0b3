using System.Diagnostics;
using System.Text.Json.Nodes;
using Orchestrator.Store;
using Orchestrator.Store.Objects;

namespace Orchestrator.Benchmarks.Scheduler;

/// <summary>
/// The floor under the scheduler: the same number of binding writes (spec.nodeName and PodScheduled=True on a
/// pending pod) written straight to the store by parallel writers, with no scheduling decision. The pods are
/// copies of a pod the product created, created first (not timed) in a namespace of their own.
/// </summary>
internal static class BindingFloor
{
    public const int Writers = 32;
    private const string Namespace = "bench-floor";

    /// <summary>Binds per second over <paramref name="count"/> pods spread round-robin over the nodes.</summary>
    public static async Task<double> MeasureAsync(
        IObjectStore store, JsonObject samplePod, int count, int nodes, CancellationToken cancellationToken)
    {
        var template = Pending(samplePod);
        var created = new StoredObject[count];
        await ForEachAsync(count, async i =>
        {
            var pod = (JsonObject)template.DeepClone();
            pod["metadata"]!["name"] = $"floor-{i:D6}";
            created[i] = await store.CreateAsync(new ObjectKey("pods", Namespace, $"floor-{i:D6}"), pod,
                cancellationToken);
        });

        var clock = Stopwatch.StartNew();
        await ForEachAsync(count, async i =>
        {
            var pod = created[i].ToJsonObject();
            pod["spec"]!["nodeName"] = $"sim-node-{i % nodes}";
            pod["status"]!["conditions"] = new JsonArray(new JsonObject
            {
                ["type"] = "PodScheduled",
                ["status"] = "True",
                ["lastProbeTime"] = null,
                ["lastTransitionTime"] = DateTimeOffset.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'"),
            });
            await store.UpdateAsync(created[i], pod, cancellationToken);
        });
        return count / clock.Elapsed.TotalSeconds;
    }

    // The product's pod as it was before it was bound: no node, Pending, no identity of its own.
    private static JsonObject Pending(JsonObject pod)
    {
        var copy = (JsonObject)pod.DeepClone();
        var metadata = copy["metadata"]!.AsObject();
        string[] identity = ["uid", "resourceVersion", "creationTimestamp", "generateName", "ownerReferences"];
        foreach (var field in identity)
        {
            metadata.Remove(field);
        }

        metadata["namespace"] = Namespace;
        copy["spec"]!.AsObject().Remove("nodeName");
        copy["status"] = new JsonObject { ["phase"] = "Pending", ["qosClass"] = "Burstable" };
        return copy;
    }

    private static async Task ForEachAsync(int count, Func<int, Task> operation)
    {
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, Writers).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < count)
            {
                await operation(i);
            }
        })));
    }
}
