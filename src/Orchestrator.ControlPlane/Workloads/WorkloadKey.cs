namespace Orchestrator.ControlPlane.Workloads;

/// <summary>The <c>namespace/name</c> key of a workload grain.</summary>
public static class WorkloadKey
{
    /// <summary>The grain key of an object.</summary>
    public static string Of(string ns, string name) => $"{ns}/{name}";

    /// <summary>Splits a grain key into namespace and name.</summary>
    public static (string Namespace, string Name) Parse(string key)
    {
        var slash = key.IndexOf('/', StringComparison.Ordinal);
        return slash < 0 ? ("", key) : (key[..slash], key[(slash + 1)..]);
    }
}
