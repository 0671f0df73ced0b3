using Orchestrator.EndToEnd.Tests.Support;

namespace Orchestrator.EndToEnd.Tests.Networking;

/// <summary>
/// The services proxy, <c>/api/v1/namespaces/{ns}/services/{name}:{port}/proxy/...</c>, through the gateway and
/// the control plane to a Service's ready endpoint (a listener of the test behind a hand-written EndpointSlice).
/// </summary>
[TestClass]
[TestCategory("EndToEnd")]
public sealed class ServiceProxyTests
{
    private const string Namespace = "service-proxy";

    [TestMethod]
    public async Task Proxy_ServicePortByNameOrNumber_ReachesEndpointWithPath()
    {
        using var backend = LocalHttpBackend.Start("echo");
        var kubectl = ApiStack.Current.Kubectl(KubectlVersions.Current);
        (await kubectl.RunAsync("create", "namespace", Namespace)).Succeeded();
        var manifests = $$$"""
            apiVersion: v1
            kind: Service
            metadata: {name: echo, namespace: {{{Namespace}}}}
            spec: {ports: [{name: web, port: 80}]}
            ---
            apiVersion: discovery.k8s.io/v1
            kind: EndpointSlice
            metadata: {name: echo-manual, namespace: {{{Namespace}}}, labels: {kubernetes.io/service-name: echo}}
            addressType: IPv4
            endpoints: [{addresses: [127.0.0.1], conditions: {ready: true} }]
            ports: [{name: web, port: {{{backend.Port}}}, protocol: TCP}]
            ---
            apiVersion: v1
            kind: Service
            metadata: {name: empty, namespace: {{{Namespace}}}}
            spec: {ports: [{port: 80}]}
            """;
        (await kubectl.RunAsync(["apply", "-f", "-"], manifests, null)).Succeeded();
        var prefix = $"/api/v1/namespaces/{Namespace}/services";

        var byName = (await kubectl.RunAsync("get", "--raw", $"{prefix}/echo:web/proxy/hello/world")).Succeeded();
        StringAssert.StartsWith(byName.Output, "echo host=127.0.0.1:");
        StringAssert.EndsWith(byName.Output, "path=/hello/world");
        var byNumber = (await kubectl.RunAsync("get", "--raw", $"{prefix}/http:echo:80/proxy/")).Succeeded();
        StringAssert.EndsWith(byNumber.Output, "path=/");

        (await kubectl.RunAsync("get", "--raw", $"{prefix}/empty/proxy/"))
            .FailedWith("no endpoints available for service \"empty\"");
        (await kubectl.RunAsync("get", "--raw", $"{prefix}/missing:80/proxy/"))
            .FailedWith("services \"missing\" not found");
    }
}
