using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Orchestrator.EndToEnd.Tests.Support;
using Orchestrator.Testing;

namespace Orchestrator.EndToEnd.Tests.Networking;

/// <summary>
/// Services through kubectl on a stack of its own with two simulated nodes, whose pods get IPs: cluster IPs and
/// node ports given out, and Endpoints and EndpointSlices following the ready pods.
/// </summary>
[TestClass]
[TestCategory("EndToEnd")]
public sealed class ServiceTests
{
    private static ApiStack? s_stack;

    private static ApiStack Stack => s_stack ?? throw new InvalidOperationException("ClassInitialize has not run");

    [ClassInitialize]
    public static async Task StartStackAsync(TestContext context) =>
        s_stack = await ApiStack.CreateAsync(controlPlanes: 1, simulatedNodes: 2);

    [ClassCleanup]
    public static async Task StopStackAsync()
    {
        if (s_stack is not null)
        {
            await s_stack.DisposeAsync();
            s_stack = null;
        }
    }

    [TestMethod]
    public async Task Expose_Deployment_ClusterIpAndEndpointsFollowScaling()
    {
        const string ns = "svc-expose";
        var kubectl = Stack.Kubectl(KubectlVersions.Current);
        (await kubectl.RunAsync("create", "namespace", ns)).Succeeded();
        (await kubectl.RunAsync("create", "deployment", "web", "--image=busybox:1.36", "--replicas=3", "--port=8080",
            "-n", ns)).Succeeded();
        (await kubectl.RunAsync("expose", "deployment", "web", "--port=80", "--target-port=8080", "-n", ns))
            .Succeeded();

        var clusterIp = (await kubectl.RunAsync("get", "svc", "web", "-n", ns, "-o", "jsonpath={.spec.clusterIP}"))
            .Succeeded().Output;
        Assert.IsTrue(IPAddress.TryParse(clusterIp, out _) && clusterIp.StartsWith("10.96.", StringComparison.Ordinal),
            clusterIp);
        var owner = (await kubectl.RunAsync("get", "ipaddress", clusterIp, "--no-headers")).Succeeded().Output;
        StringAssert.Contains(owner, $"services/{ns}/web");

        await EndpointCountAsync(kubectl, ns, 3);
        (await kubectl.RunAsync("scale", "deployment", "web", "--replicas=5", "-n", ns)).Succeeded();
        await EndpointCountAsync(kubectl, ns, 5);
        var endpoints = (await kubectl.RunAsync("get", "endpoints", "web", "-n", ns)).Succeeded().Output;
        StringAssert.Matches(endpoints, new Regex(@"web\s+\S+:8080,\S+:8080,\S+:8080 \+ 2 more\.\.\."));
        var slices = (await kubectl.RunAsync("get", "endpointslices", "-n", ns, "-l",
            "kubernetes.io/service-name=web")).Succeeded().Output;
        StringAssert.Matches(slices, new Regex(@"web-\w+\s+IPv4\s+8080\s+\S+ \+ 2 more\.\.\."));

        (await kubectl.RunAsync("scale", "deployment", "web", "--replicas=1", "-n", ns)).Succeeded();
        await EndpointCountAsync(kubectl, ns, 1);

        (await kubectl.RunAsync("delete", "svc", "web", "-n", ns)).Succeeded();
        await Eventually.HoldsAsync("the service's endpoints and slices to go", TimeSpan.FromSeconds(20),
            async () => (await kubectl.RunAsync("get", "endpoints,endpointslices", "-n", ns, "--no-headers"))
                .Output.Trim().Length == 0);
    }

    [TestMethod]
    public async Task Create_NodePortAndFixedIp_GivenOutOnceAndRefusedTwice()
    {
        const string ns = "svc-ports";
        var kubectl = Stack.Kubectl(KubectlVersions.Old);
        (await kubectl.RunAsync("create", "namespace", ns)).Succeeded();
        (await kubectl.RunAsync("create", "service", "nodeport", "np", "--tcp=80:8080", "-n", ns)).Succeeded();
        var nodePortText = (await kubectl.RunAsync("get", "svc", "np", "-n", ns, "-o",
            "jsonpath={.spec.ports[0].nodePort}")).Succeeded().Output;
        var nodePort = int.Parse(nodePortText, CultureInfo.InvariantCulture);
        Assert.IsTrue(nodePort is >= 30000 and <= 32767, nodePortText);

        var before = (await kubectl.RunAsync("get", "svc", "np", "-n", ns, "-o",
            "jsonpath={.spec.clusterIP} {.spec.ports[0].nodePort}")).Succeeded().Output;
        var replacement = """
            apiVersion: v1
            kind: Service
            metadata: {name: np, namespace: svc-ports, labels: {replaced: "yes"}}
            spec: {type: NodePort, selector: {app: np}, ports: [{name: 80-8080, port: 80, targetPort: 8080}]}
            """;
        (await kubectl.RunAsync(["replace", "-f", "-"], replacement, null)).Succeeded();
        var after = (await kubectl.RunAsync("get", "svc", "np", "-n", ns, "-o",
            "jsonpath={.spec.clusterIP} {.spec.ports[0].nodePort}")).Succeeded().Output;
        Assert.AreEqual(before, after, "a replace that leaves them out keeps the cluster IP and the node port");

        var fixedIp = Manifest(ns, "fixed", "clusterIP: 10.96.200.200");
        (await kubectl.RunAsync(["apply", "-f", "-"], fixedIp, null)).Succeeded();
        (await kubectl.RunAsync(["apply", "-f", "-"], fixedIp, null)).Succeeded();
        (await kubectl.RunAsync(["create", "-f", "-"], Manifest(ns, "twin", "clusterIP: 10.96.200.200"), null))
            .FailedWith("spec.clusterIPs: Invalid value: []string{\"10.96.200.200\"}: failed to allocate IP " +
                "10.96.200.200: provided IP is already allocated");
        (await kubectl.RunAsync(["create", "-f", "-"], Manifest(ns, "outside", "clusterIP: 192.168.9.9"), null))
            .FailedWith("is not in the valid range");
        (await kubectl.RunAsync(["create", "-f", "-"],
            Manifest(ns, "taken-port", $"type: NodePort\n  ports: [{{port: 81, nodePort: {nodePort}}}]"), null))
            .FailedWith("provided port is already allocated");

        var headless = (await kubectl.RunAsync("create", "service", "clusterip", "db", "--clusterip=None",
            "--tcp=5432", "-n", ns, "-o", "jsonpath={.spec.clusterIPs}")).Succeeded().Output;
        Assert.AreEqual("[\"None\"]", headless);
    }

    private static string Manifest(string ns, string name, string specLines) => $"""
        apiVersion: v1
        kind: Service
        metadata: {"{"}name: {name}, namespace: {ns}{"}"}
        spec:
          selector: {"{"}app: {name}{"}"}
          {specLines}
        """ + (specLines.Contains("ports:", StringComparison.Ordinal) ? "" : "\n  ports: [{port: 80}]\n");

    private static async Task EndpointCountAsync(Support.Kubectl kubectl, string ns, int expected)
    {
        var last = "";
        await Eventually.HoldsAsync($"{expected} ready endpoints (last saw '{last}')", TimeSpan.FromSeconds(30),
            async () =>
            {
                last = (await kubectl.RunAsync("get", "endpoints", "web", "-n", ns, "-o",
                    "jsonpath={.subsets[*].addresses[*].ip}")).Output;
                return last.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length == expected;
            });
    }
}
