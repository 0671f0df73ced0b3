using System.Net;
using System.Text.RegularExpressions;
using Orchestrator.EndToEnd.Tests.Support;
using Orchestrator.Testing;

namespace Orchestrator.EndToEnd.Tests.Networking;

/// <summary>
/// The gateway's ingress listener: Ingress rules applied with kubectl route plain HTTP by host and path to the
/// endpoints of Services. The backends are HTTP listeners of the test itself, put behind selector-less Services
/// with EndpointSlices written by hand, as an operator fronts servers outside the cluster.
/// </summary>
[TestClass]
[TestCategory("EndToEnd")]
public sealed class IngressTests
{
    private const string Namespace = "ingress-routes";

    [TestMethod]
    public async Task Ingress_HostsAndPaths_RoutedToEndpointsAndFollowChanges()
    {
        using var one = LocalHttpBackend.Start("one");
        using var two = LocalHttpBackend.Start("two");
        var kubectl = ApiStack.Current.Kubectl(KubectlVersions.Current);
        (await kubectl.RunAsync("create", "namespace", Namespace)).Succeeded();
        (await kubectl.RunAsync(["apply", "-f", "-"], Manifests(one.Port, two.Port), null)).Succeeded();
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var ingress = $"http://127.0.0.1:{GatewayLauncher.IngressPortOf(ApiStack.Current.Directory)}";

        var first = (HttpStatusCode.OK, "");
        try
        {
            await Eventually.HoldsAsync("the ingress rules to route", TimeSpan.FromSeconds(20), async () =>
            {
                first = await GetAsync(http, ingress, "web.example.com", "/");
                return first.Item2.StartsWith("one", StringComparison.Ordinal);
            });
        }
        catch (TimeoutException)
        {
            Assert.Fail($"last answer {first.Item1}: {first.Item2}\n{ApiStack.Current.Logs[^4000..]}");
        }
        Assert.AreEqual("one host=web.example.com path=/index.html",
            (await GetAsync(http, ingress, "web.example.com", "/index.html")).Body);
        StringAssert.StartsWith((await GetAsync(http, ingress, "web.example.com", "/api/users")).Body, "two");
        StringAssert.StartsWith((await GetAsync(http, ingress, "web.example.com", "/apis")).Body, "one");
        StringAssert.StartsWith((await GetAsync(http, ingress, "x.wild.example", "/")).Body, "two");
        Assert.AreEqual(HttpStatusCode.NotFound, (await GetAsync(http, ingress, "a.b.wild.example", "/")).Status);
        Assert.AreEqual(HttpStatusCode.NotFound, (await GetAsync(http, ingress, "unknown.example", "/")).Status);

        var table = (await kubectl.RunAsync("get", "ingress", "-n", Namespace)).Succeeded().Output;
        StringAssert.Matches(table, new Regex(@"NAME\s+CLASS\s+HOSTS\s+ADDRESS\s+PORTS\s+AGE"));
        StringAssert.Matches(table, new Regex(@"site\s+<none>\s+web\.example\.com,\*\.wild\.example\s+\S*\s*80\s"));

        (await kubectl.RunAsync("patch", "endpointslice", "web-manual", "-n", Namespace, "--type=json", "-p",
            $$"""[{"op":"replace","path":"/ports/0/port","value":{{two.Port}}}]""")).Succeeded();
        await Eventually.HoldsAsync("the route to follow the endpoint change", TimeSpan.FromSeconds(20),
            async () => (await GetAsync(http, ingress, "web.example.com", "/")).Body.StartsWith("two"));

        (await kubectl.RunAsync("delete", "endpointslice", "web-manual", "-n", Namespace)).Succeeded();
        await Eventually.HoldsAsync("a backend without endpoints to answer 503", TimeSpan.FromSeconds(20),
            async () => (await GetAsync(http, ingress, "web.example.com", "/")).Status ==
                HttpStatusCode.ServiceUnavailable);
    }

    private static async Task<(HttpStatusCode Status, string Body)> GetAsync(
        HttpClient http, string ingress, string host, string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, ingress + path);
        request.Headers.Host = host;
        using var response = await http.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    private static string Manifests(int portOne, int portTwo) => $$$"""
        apiVersion: v1
        kind: Service
        metadata: {name: web, namespace: {{{Namespace}}}}
        spec: {ports: [{name: http, port: 80}]}
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: api, namespace: {{{Namespace}}}}
        spec: {ports: [{name: http, port: 8000}]}
        ---
        apiVersion: discovery.k8s.io/v1
        kind: EndpointSlice
        metadata: {name: web-manual, namespace: {{{Namespace}}}, labels: {kubernetes.io/service-name: web}}
        addressType: IPv4
        endpoints: [{addresses: [127.0.0.1], conditions: {ready: true}}]
        ports: [{name: http, port: {{{portOne}}}, protocol: TCP}]
        ---
        apiVersion: discovery.k8s.io/v1
        kind: EndpointSlice
        metadata: {name: api-manual, namespace: {{{Namespace}}}, labels: {kubernetes.io/service-name: api}}
        addressType: IPv4
        endpoints: [{addresses: [127.0.0.1], conditions: {ready: true}}]
        ports: [{name: http, port: {{{portTwo}}}, protocol: TCP}]
        ---
        apiVersion: networking.k8s.io/v1
        kind: Ingress
        metadata: {name: site, namespace: {{{Namespace}}}}
        spec:
          rules:
          - host: web.example.com
            http:
              paths:
              - path: /
                pathType: Prefix
                backend: {service: {name: web, port: {number: 80} } }
              - path: /api
                pathType: Prefix
                backend: {service: {name: api, port: {name: http} } }
          - host: "*.wild.example"
            http:
              paths:
              - path: /
                pathType: Prefix
                backend: {service: {name: api, port: {number: 8000} } }
        """;
}
