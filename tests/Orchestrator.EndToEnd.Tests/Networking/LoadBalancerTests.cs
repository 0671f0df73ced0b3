using System.Globalization;
using System.Net;
using Orchestrator.EndToEnd.Tests.Support;
using Orchestrator.Testing;

namespace Orchestrator.EndToEnd.Tests.Networking;

/// <summary>
/// The gateway in the load-balancer role for Services: a LoadBalancer Service gets the gateway's address in its
/// status and is served on its port and its node port; a NodePort Service on its node port; the listeners go when
/// the Service goes. The backend is a listener of the test behind a hand-written EndpointSlice.
/// </summary>
[TestClass]
[TestCategory("EndToEnd")]
public sealed class LoadBalancerTests
{
    private const string Namespace = "load-balancers";

    [TestMethod]
    public async Task LoadBalancerService_ServedAtGatewayOnItsPortsWithAddressInStatus()
    {
        using var backend = LocalHttpBackend.Start("lb");
        var port = FreePorts.Next();
        var kubectl = ApiStack.Current.Kubectl(KubectlVersions.Current);
        (await kubectl.RunAsync("create", "namespace", Namespace)).Succeeded();
        var manifests = $$$"""
            apiVersion: v1
            kind: Service
            metadata: {name: front, namespace: {{{Namespace}}}}
            spec: {type: LoadBalancer, ports: [{name: web, port: {{{port}}}, targetPort: 8080}]}
            ---
            apiVersion: discovery.k8s.io/v1
            kind: EndpointSlice
            metadata: {name: front-manual, namespace: {{{Namespace}}}, labels: {kubernetes.io/service-name: front}}
            addressType: IPv4
            endpoints: [{addresses: [127.0.0.1], conditions: {ready: true} }]
            ports: [{name: web, port: {{{backend.Port}}}, protocol: TCP}]
            """;
        (await kubectl.RunAsync(["apply", "-f", "-"], manifests, null)).Succeeded();

        await Eventually.HoldsAsync("the gateway's address in the service's status", TimeSpan.FromSeconds(20),
            async () => (await kubectl.RunAsync("get", "svc", "front", "-n", Namespace, "-o",
                "jsonpath={.status.loadBalancer.ingress[0].ip}")).Output == "127.0.0.1");
        var nodePort = int.Parse((await kubectl.RunAsync("get", "svc", "front", "-n", Namespace, "-o",
            "jsonpath={.spec.ports[0].nodePort}")).Succeeded().Output, CultureInfo.InvariantCulture);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        foreach (var served in new[] { port, nodePort })
        {
            var body = await Eventually.SucceedsAsync($"the gateway to serve port {served}", TimeSpan.FromSeconds(20),
                () => http.GetStringAsync($"http://127.0.0.1:{served}/shop"));
            Assert.AreEqual($"lb host=127.0.0.1:{served} path=/shop", body);
        }

        var table = (await kubectl.RunAsync("get", "svc", "front", "-n", Namespace, "--no-headers")).Output;
        StringAssert.Contains(table, "127.0.0.1");

        (await kubectl.RunAsync("delete", "svc", "front", "-n", Namespace)).Succeeded();
        await Eventually.HoldsAsync("the listener to close", TimeSpan.FromSeconds(20), async () =>
        {
            try
            {
                await http.GetStringAsync($"http://127.0.0.1:{port}/");
                return false;
            }
            catch (HttpRequestException error) when (error.StatusCode is null or HttpStatusCode.NotFound)
            {
                return true;
            }
        });
    }
}
