using System.Text.Json.Nodes;
using Orchestrator.Api.Defaults;
using Orchestrator.Api.Lifecycle;
using Orchestrator.Api.Resources;
using Orchestrator.Store;
using Orchestrator.Store.Errors;
using Orchestrator.Store.Objects;

namespace Orchestrator.ControlPlane.Workloads;

/// <summary>
/// The store as the workload controllers use it: whole-namespace reads, and creation with the same defaults the
/// API applies to a created object (generated name, defaulted fields, a fresh status).
/// </summary>
public sealed class WorkloadStore(IObjectStore store, ResourceCatalog catalog)
{
    /// <summary>The storage key of Deployments.</summary>
    public const string Deployments = "apps/deployments";

    /// <summary>The storage key of ReplicaSets.</summary>
    public const string ReplicaSets = "apps/replicasets";

    /// <summary>The storage key of pods.</summary>
    public const string Pods = "pods";

    private const string NameAlphabet = "bcdfghjklmnpqrstvwxz2456789";
    private const int MaxNameAttempts = 5;

    /// <summary>The object store underneath.</summary>
    public IObjectStore Objects => store;

    /// <summary>The served definition of pods.</summary>
    public ResourceDefinition PodResource { get; } = catalog.FindKind("", "v1", "Pod")!;

    /// <summary>The served definition of ReplicaSets.</summary>
    public ResourceDefinition ReplicaSetResource { get; } = catalog.FindKind("apps", "v1", "ReplicaSet")!;

    /// <summary>Every object of one resource in one namespace, read at one consistent revision.</summary>
    public async Task<IReadOnlyList<StoredObject>> ListAsync(
        string storageKey, string ns, CancellationToken cancellationToken)
    {
        var items = new List<StoredObject>();
        var request = new ListRequest(storageKey) { Namespace = ns, Limit = 1000 };
        while (true)
        {
            var page = await store.ListAsync(request, cancellationToken);
            items.AddRange(page.Items);
            if (page.Continue is null)
            {
                return items;
            }

            request = request with { Continue = page.Continue };
        }
    }

    /// <summary>Whether the namespace is gone or being deleted, so nothing new may be created in it.</summary>
    public async Task<bool> NamespaceClosedAsync(string ns, CancellationToken cancellationToken)
    {
        var stored = await store.GetAsync(new ObjectKey("namespaces", "", ns), cancellationToken);
        return stored is null || ObjectMetadata.IsDeleting(stored.Object);
    }

    /// <summary>
    /// Creates an object as the API would: a name from <c>generateName</c> when it has none, the resource's
    /// defaults, and the status a new object starts with. Throws <c>ObjectAlreadyExistsException</c> when a
    /// given name is taken.
    /// </summary>
    public async Task<StoredObject> CreateAsync(
        ResourceDefinition resource, JsonObject obj, CancellationToken cancellationToken)
    {
        var metadata = ObjectMetadata.Of(obj);
        var prefix = metadata["generateName"]?.GetValue<string>();
        var generated = string.IsNullOrEmpty(metadata["name"]?.GetValue<string>()) && !string.IsNullOrEmpty(prefix);
        if (resource.Kind == "Pod")
        {
            // Defaults give a new pod its Pending phase and QoS class.
            obj.Remove("status");
        }
        else
        {
            obj["status"] = new JsonObject();
        }

        ObjectDefaults.Apply(resource, obj);
        for (var attempt = 1; ; attempt++)
        {
            if (generated)
            {
                metadata["name"] = prefix![..Math.Min(prefix!.Length, 58)] + new string(Enumerable.Range(0, 5)
                    .Select(_ => NameAlphabet[Random.Shared.Next(NameAlphabet.Length)]).ToArray());
            }

            var key = new ObjectKey(resource.StorageKey, metadata["namespace"]?.GetValue<string>() ?? "",
                metadata["name"]!.GetValue<string>());
            try
            {
                return await store.CreateAsync(key, obj, cancellationToken);
            }
            catch (ObjectAlreadyExistsException) when (generated && attempt < MaxNameAttempts)
            {
                // The generated name was taken: draw another.
            }
        }
    }
}
