using System.Text.Json.Nodes;
using Orchestrator.Store.Objects;

namespace Orchestrator.Api.Lifecycle;

/// <summary>
/// What the garbage collector knows of every object: its key, owners, finalizers and deletion mark, indexed by uid,
/// by owner and by namespace. Kept current from the change feed; not thread-safe (one loop owns it).
/// </summary>
public sealed class ObjectGraph
{
    private readonly Dictionary<string, GraphNode> _byUid = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<string>> _dependents = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<string>> _namespaces = new(StringComparer.Ordinal);

    /// <summary>One object as the collector sees it.</summary>
    public sealed record GraphNode(
        string Uid, ObjectKey Key, IReadOnlyList<OwnerReference> Owners, IReadOnlyList<string> Finalizers,
        bool IsDeleting, JsonObject Object);

    public IEnumerable<GraphNode> Nodes => _byUid.Values;

    public int Count => _byUid.Count;

    public bool Contains(string uid) => _byUid.ContainsKey(uid);

    public GraphNode? Find(string uid) => _byUid.GetValueOrDefault(uid);

    public IEnumerable<GraphNode> DependentsOf(string uid) =>
        _dependents.TryGetValue(uid, out var set) ? set.Select(d => _byUid[d]).ToList() : [];

    public IEnumerable<GraphNode> InNamespace(string ns) =>
        _namespaces.TryGetValue(ns, out var set) ? set.Select(d => _byUid[d]).ToList() : [];

    /// <summary>Records an object's current state, replacing what was known of it.</summary>
    public void Upsert(StoredObject stored)
    {
        var uid = stored.Uid.ToString();
        Remove(uid);
        var obj = stored.Object;
        var node = new GraphNode(uid, stored.Key, ObjectMetadata.OwnerReferences(obj), ObjectMetadata.Finalizers(obj),
            ObjectMetadata.IsDeleting(obj), obj);
        _byUid[uid] = node;
        foreach (var owner in node.Owners)
        {
            Index(_dependents, owner.Uid, uid);
        }

        if (stored.Key.Namespace.Length > 0)
        {
            Index(_namespaces, stored.Key.Namespace, uid);
        }
    }

    public void Remove(string uid)
    {
        if (!_byUid.Remove(uid, out var old))
        {
            return;
        }

        foreach (var owner in old.Owners)
        {
            Unindex(_dependents, owner.Uid, uid);
        }

        if (old.Key.Namespace.Length > 0)
        {
            Unindex(_namespaces, old.Key.Namespace, uid);
        }
    }

    private static void Index(Dictionary<string, HashSet<string>> index, string key, string uid)
    {
        if (!index.TryGetValue(key, out var set))
        {
            index[key] = set = new HashSet<string>(StringComparer.Ordinal);
        }

        set.Add(uid);
    }

    private static void Unindex(Dictionary<string, HashSet<string>> index, string key, string uid)
    {
        if (index.TryGetValue(key, out var set) && set.Remove(uid) && set.Count == 0)
        {
            index.Remove(key);
        }
    }
}
