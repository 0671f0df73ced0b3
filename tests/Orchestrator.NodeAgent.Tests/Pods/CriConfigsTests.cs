using System.Text.Json.Nodes;
using Orchestrator.NodeAgent.Cri.Api;
using Orchestrator.NodeAgent.Pods;

namespace Orchestrator.NodeAgent.Tests.Pods;

[TestClass]
[TestCategory("Unit")]
public sealed class CriConfigsTests
{
    [TestMethod]
    [DataRow("500m", null, 50_000L, 512L)]
    [DataRow("2", "1", 200_000L, 1024L)]
    [DataRow("1m", null, 1000L, 2L)]
    [DataRow(null, "250m", 0L, 256L)]
    [DataRow(null, null, 0L, 2L)]
    public void Resources_Cpu_QuotaFromLimitSharesFromRequest(
        string? limit, string? request, long quota, long shares)
    {
        var container = new JsonObject
        {
            ["resources"] = new JsonObject
            {
                ["limits"] = limit is null ? new JsonObject() : new JsonObject { ["cpu"] = limit },
                ["requests"] = request is null ? new JsonObject() : new JsonObject { ["cpu"] = request },
            },
        };

        var resources = CriConfigs.Resources(container);

        Assert.AreEqual(quota, resources.CpuQuota);
        Assert.AreEqual(quota == 0 ? 0 : CriConfigs.CpuPeriod, resources.CpuPeriod);
        Assert.AreEqual(shares, resources.CpuShares);
    }

    [TestMethod]
    [DataRow("128Mi", 134_217_728L)]
    [DataRow("1G", 1_000_000_000L)]
    [DataRow(null, 0L)]
    public void Resources_MemoryLimit_Bytes(string? limit, long bytes)
    {
        var container = new JsonObject
        {
            ["resources"] = new JsonObject
            {
                ["limits"] = limit is null ? new JsonObject() : new JsonObject { ["memory"] = limit },
            },
        };

        Assert.AreEqual(bytes, CriConfigs.Resources(container).MemoryLimitInBytes);
    }

    [TestMethod]
    public void Container_Spec_CommandArgsEnvLabelsAndLogPath()
    {
        var pod = Pod();
        var container = (JsonObject)pod["spec"]!["containers"]![0]!;
        KeyValue[] environment = [new() { Key = "GREETING", Value = "hello" }];

        var config = CriConfigs.Container(pod, container, 3, environment);

        Assert.AreEqual("app", config.Metadata.Name);
        Assert.AreEqual(3u, config.Metadata.Attempt);
        Assert.AreEqual("busybox:1.36", config.Image.Image);
        CollectionAssert.AreEqual(new[] { "sh", "-c" }, config.Command.ToArray());
        CollectionAssert.AreEqual(new[] { "echo hello $(MISSING) $(GREETING)" }, config.Args.ToArray());
        Assert.AreEqual("/work", config.WorkingDir);
        Assert.AreEqual("app/3.log", config.LogPath);
        Assert.AreEqual("GREETING", config.Envs.Single().Key);
        Assert.AreEqual("web", config.Labels[PodLabels.PodName]);
        Assert.AreEqual("prod", config.Labels[PodLabels.PodNamespace]);
        Assert.AreEqual("uid-1", config.Labels[PodLabels.PodUid]);
        Assert.AreEqual("app", config.Labels[PodLabels.ContainerName]);
        Assert.AreEqual("3", config.Annotations[PodLabels.RestartCount]);
    }

    [TestMethod]
    public void SecurityContext_ContainerOverPod_UserReadOnlyRootAndCapabilities()
    {
        var pod = Pod();
        var container = (JsonObject)pod["spec"]!["containers"]![0]!;

        var context = CriConfigs.SecurityContext(pod, container);

        Assert.AreEqual(1001, context.RunAsUser.Value);
        Assert.AreEqual(3000, context.RunAsGroup.Value);
        Assert.IsTrue(context.ReadonlyRootfs);
        Assert.IsTrue(context.NoNewPrivs);
        CollectionAssert.AreEqual(new[] { "NET_ADMIN" }, context.Capabilities.AddCapabilities.ToArray());
        CollectionAssert.AreEqual(new[] { "ALL" }, context.Capabilities.DropCapabilities.ToArray());
        Assert.AreEqual(NamespaceMode.Container, context.NamespaceOptions.Pid);
        Assert.AreEqual(NamespaceMode.Pod, context.NamespaceOptions.Network);
    }

    [TestMethod]
    public void Sandbox_Pod_MetadataHostnameLogDirectoryLabelsAndHostPorts()
    {
        var config = CriConfigs.Sandbox(Pod(), "node-a", "/var/log/pods", 2);

        Assert.AreEqual("web", config.Metadata.Name);
        Assert.AreEqual("prod", config.Metadata.Namespace);
        Assert.AreEqual("uid-1", config.Metadata.Uid);
        Assert.AreEqual(2u, config.Metadata.Attempt);
        Assert.AreEqual("web", config.Hostname);
        Assert.AreEqual("/var/log/pods/prod_web_uid-1", config.LogDirectory);
        Assert.AreEqual("frontend", config.Labels["app"]);
        Assert.AreEqual("uid-1", config.Labels[PodLabels.PodUid]);
        Assert.AreEqual("node-a", config.Labels[PodLabels.NodeName]);
        var port = config.PortMappings.Single();
        Assert.AreEqual((8080, 30080, Protocol.Tcp), (port.ContainerPort, port.HostPort, port.Protocol));
    }

    [TestMethod]
    public void Sandbox_HostNetwork_NoHostnameAndNodeNetwork()
    {
        var pod = Pod();
        pod["spec"]!["hostNetwork"] = true;

        var config = CriConfigs.Sandbox(pod, "node-a", "/logs", 0);

        Assert.AreEqual("", config.Hostname);
        Assert.AreEqual(NamespaceMode.Node, config.Linux.SecurityContext.NamespaceOptions.Network);
    }

    [TestMethod]
    [DataRow("busybox", null, "Always")]
    [DataRow("busybox:latest", null, "Always")]
    [DataRow("docker.io/library/busybox:1.36", null, "IfNotPresent")]
    [DataRow("127.0.0.1:5000/app", null, "Always")]
    [DataRow("127.0.0.1:5000/app:2", null, "IfNotPresent")]
    [DataRow("busybox@sha256:abcd", null, "IfNotPresent")]
    [DataRow("busybox:latest", "Never", "Never")]
    [DataRow("busybox:1.36", "Always", "Always")]
    public void PullPolicy_ImageAndPolicy_KubernetesDefault(string image, string? policy, string expected)
    {
        var container = new JsonObject { ["image"] = image, ["imagePullPolicy"] = policy };

        Assert.AreEqual(expected, CriConfigs.PullPolicy(container, image));
    }

    private static JsonObject Pod() => (JsonObject)JsonNode.Parse("""
        {
          "metadata": { "name": "web", "namespace": "prod", "uid": "uid-1", "labels": { "app": "frontend" } },
          "spec": {
            "securityContext": { "runAsUser": 1000, "runAsGroup": 3000 },
            "containers": [ {
              "name": "app", "image": "busybox:1.36", "command": ["sh", "-c"],
              "args": ["echo $(GREETING) $(MISSING) $$(GREETING)"], "workingDir": "/work",
              "ports": [ { "containerPort": 8080, "hostPort": 30080 }, { "containerPort": 9090 } ],
              "securityContext": {
                "runAsUser": 1001, "readOnlyRootFilesystem": true, "allowPrivilegeEscalation": false,
                "capabilities": { "add": ["NET_ADMIN"], "drop": ["ALL"] }
              }
            } ]
          }
        }
        """)!;
}
