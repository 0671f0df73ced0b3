using Orchestrator.Api.Resources;
using Orchestrator.Api.Server;

namespace Orchestrator.Api.Tests.Server;

[TestClass]
[TestCategory("Unit")]
public sealed class ResourcePathTests
{
    [TestMethod]
    [DataRow("", "v1", "namespaces/default/pods", "pods", "default", null, null)]
    [DataRow("", "v1", "namespaces/default/pods/web", "pods", "default", "web", null)]
    [DataRow("", "v1", "namespaces/default/pods/web/log", "pods", "default", "web", "log")]
    [DataRow("", "v1", "pods", "pods", null, null, null)]
    [DataRow("", "v1", "namespaces", "namespaces", null, null, null)]
    [DataRow("", "v1", "namespaces/team-a", "namespaces", null, "team-a", null)]
    [DataRow("", "v1", "namespaces/team-a/status", "namespaces", null, "team-a", "status")]
    [DataRow("", "v1", "nodes/n1/status", "nodes", null, "n1", "status")]
    [DataRow("apps", "v1", "namespaces/ns/deployments/web/scale", "deployments", "ns", "web", "scale")]
    public void Parse_ServedPaths_NameResourceNamespaceNameAndSubresource(
        string group, string version, string path, string plural, string? ns, string? name, string? sub)
    {
        var parsed = ResourcePath.Parse(ResourceCatalog.Default, group, version, path.Split('/'));

        Assert.IsNotNull(parsed);
        Assert.AreEqual(plural, parsed.Resource.Plural);
        Assert.AreEqual(ns, parsed.Namespace);
        Assert.AreEqual(name, parsed.Name);
        Assert.AreEqual(sub, parsed.Subresource);
    }

    [TestMethod]
    [DataRow("", "v1", "widgets")]
    [DataRow("", "v1", "pods/web")]
    [DataRow("apps", "v2", "deployments")]
    [DataRow("", "v1", "namespaces/default/widgets")]
    public void Parse_UnservedPaths_IsNull(string group, string version, string path)
    {
        Assert.IsNull(ResourcePath.Parse(ResourceCatalog.Default, group, version, path.Split('/')));
    }
}
