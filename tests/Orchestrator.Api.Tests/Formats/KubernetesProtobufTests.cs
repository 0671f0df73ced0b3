using System.Text.Json.Nodes;
using Google.Protobuf;
using Orchestrator.Api.Formats.Protobuf;
using Orchestrator.Api.Formats.Protobuf.Wire;
using Orchestrator.Api.Server;

namespace Orchestrator.Api.Tests.Formats;

[TestClass]
public sealed class KubernetesProtobufTests
{
    private static readonly string FixtureDirectory = Path.Combine(AppContext.BaseDirectory, "Formats", "Fixtures");

    [TestMethod]
    [TestCategory("Unit")]
    [DataRow("namespace")]
    [DataRow("configmap")]
    [DataRow("secret")]
    [DataRow("deployment")]
    [DataRow("serviceaccount")]
    [DataRow("service")]
    [DataRow("selfsubjectaccessreview")]
    [DataRow("configmap-binary")]
    [DataRow("service-nodeport")]
    [DataRow("job")]
    [DataRow("cronjob")]
    [DataRow("role")]
    [DataRow("rolebinding")]
    [DataRow("clusterrole")]
    [DataRow("clusterrolebinding")]
    [DataRow("token")]
    [DataRow("poddisruptionbudget")]
    [DataRow("poddisruptionbudget-percent")]
    public void Decode_BodyCapturedFromKubectl_EqualsTheJsonKubectlWouldSend(string fixture)
    {
        var body = File.ReadAllBytes(Path.Combine(FixtureDirectory, fixture + ".bin"));
        var expected = JsonNode.Parse(File.ReadAllText(Path.Combine(FixtureDirectory, fixture + ".json")))!;

        var decoded = KubernetesProtobuf.Decode(body);

        Assert.AreEqual(Canonical(expected), Canonical(decoded));
        Assert.AreEqual("apiVersion", decoded.First().Key);
        Assert.AreEqual("kind", decoded.Skip(1).First().Key);
    }

    [TestMethod]
    [TestCategory("Unit")]
    [DataRow(new byte[] { 0x6b, 0x38, 0x73, 0x00, 0x0a }, true)]
    [DataRow(new byte[] { 0x6b, 0x38, 0x73, 0x00 }, true)]
    [DataRow(new byte[] { 0x6b, 0x38, 0x73 }, false)]
    [DataRow(new byte[] { (byte)'{', (byte)'}' }, false)]
    [DataRow(new byte[0], false)]
    public void HasMagic_Body_TellsWhetherItStartsWithTheMagic(byte[] body, bool expected) =>
        Assert.AreEqual(expected, KubernetesProtobuf.HasMagic(body));

    [TestMethod]
    [TestCategory("Unit")]
    [DataRow("json", "provided data does not appear to be a protobuf message")]
    [DataRow("truncated", "could not be decoded")]
    [DataRow("unknown kind", "no kind \"Widget\" is registered for version \"v1\"")]
    [DataRow("kind in the wrong version", "no kind \"Deployment\" is registered for version \"v1\"")]
    [DataRow("no kind", "Object 'Kind' is missing")]
    [DataRow("gzip", "unsupported content encoding \"gzip\"")]
    [DataRow("broken object", "could not be decoded (ConfigMap)")]
    public void Decode_BadBody_ThrowsBadRequest(string scenario, string messagePart)
    {
        var deployment = File.ReadAllBytes(Path.Combine(FixtureDirectory, "deployment.bin"));
        var body = scenario switch
        {
            "json" => "{\"kind\":\"Namespace\"}"u8.ToArray(),
            "truncated" => deployment[..(deployment.Length - 30)],
            "unknown kind" => Body("v1", "Widget", new ConfigMap()),
            "kind in the wrong version" => Body("v1", "Deployment", new Deployment()),
            "no kind" => Body("v1", "", new ConfigMap()),
            "gzip" => Envelope(new Unknown
            {
                TypeMeta = new TypeMeta { ApiVersion = "v1", Kind = "ConfigMap" },
                ContentEncoding = "gzip",
            }),
            "broken object" => Envelope(new Unknown
            {
                TypeMeta = new TypeMeta { ApiVersion = "v1", Kind = "ConfigMap" },
                Raw = ByteString.CopyFrom(0x0a, 0x05, 0x0a),
            }),
            _ => throw new ArgumentOutOfRangeException(nameof(scenario)),
        };

        var error = Assert.ThrowsExactly<ApiException>(() => KubernetesProtobuf.Decode(body));

        Assert.AreEqual(400, error.Code);
        Assert.AreEqual("BadRequest", error.Reason);
        StringAssert.Contains(error.Message, messagePart);
    }

    [TestMethod]
    [TestCategory("Unit")]
    public void Decode_ZeroInGoPointerFields_KeepsTheZero()
    {
        var deployment = new Deployment
        {
            Metadata = new ObjectMeta { Name = "web", Generation = 0 },
            Spec = new DeploymentSpec { Replicas = 0, MinReadySeconds = 0, Paused = false },
        };

        var decoded = KubernetesProtobuf.Decode(Body("apps/v1", "Deployment", deployment));

        AssertJson(
            """
            {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web"},"spec":{"replicas":0}}
            """,
            decoded);
    }

    [TestMethod]
    [TestCategory("Unit")]
    public void Decode_EvictionWithDeleteOptions_WritesGracePeriodZeroAndPreconditions()
    {
        var eviction = new Eviction
        {
            Metadata = new ObjectMeta { Name = "web-0", Namespace = "default" },
            DeleteOptions = new DeleteOptions
            {
                GracePeriodSeconds = 0,
                Preconditions = new Preconditions { Uid = "u-1" },
                PropagationPolicy = "Foreground",
                DryRun = { "All" },
            },
        };

        var decoded = KubernetesProtobuf.Decode(Body("policy/v1", "Eviction", eviction));

        AssertJson(
            """
            {"apiVersion":"policy/v1","kind":"Eviction","metadata":{"name":"web-0","namespace":"default"},
             "deleteOptions":{"gracePeriodSeconds":0,"preconditions":{"uid":"u-1"},"propagationPolicy":"Foreground",
                              "dryRun":["All"]}}
            """,
            decoded);
    }

    [TestMethod]
    [TestCategory("Unit")]
    [DataRow("v1")]
    [DataRow("meta.k8s.io/v1")]
    [DataRow("apps/v1")]
    public void Decode_DeleteOptionsUnderAnyApiVersion_Decodes(string apiVersion)
    {
        var options = new DeleteOptions { PropagationPolicy = "Background", OrphanDependents = false };

        var decoded = KubernetesProtobuf.Decode(Body(apiVersion, "DeleteOptions", options));

        AssertJson(
            $$"""
            {"apiVersion":"{{apiVersion}}","kind":"DeleteOptions","orphanDependents":false,
             "propagationPolicy":"Background"}
            """,
            decoded);
    }

    [TestMethod]
    [TestCategory("Unit")]
    public void Decode_Pod_WritesInlinedVolumesProbesQuantitiesAndIntOrStrings()
    {
        var container = new Container
        {
            Name = "app",
            Image = "nginx:1.27",
            Env =
            {
                new EnvVar { Name = "A", Value = "1" },
                new EnvVar
                {
                    Name = "P",
                    ValueFrom = new EnvVarSource
                    {
                        SecretKeyRef = new SecretKeySelector
                        {
                            LocalObjectReference = new LocalObjectReference { Name = "s" },
                            Key = "p",
                        },
                    },
                },
            },
            Resources = new ResourceRequirements
            {
                Limits = { ["memory"] = new Quantity { String = "128Mi" } },
                Requests = { ["cpu"] = new Quantity { String = "100m" } },
            },
            ReadinessProbe = new Probe
            {
                Handler = new ProbeHandler
                {
                    HttpGet = new HTTPGetAction
                    {
                        Path = "/healthz",
                        Port = new IntOrString { Type = 1, StrVal = "http" },
                    },
                },
                PeriodSeconds = 5,
            },
            LivenessProbe = new Probe
            {
                Handler = new ProbeHandler
                {
                    TcpSocket = new TCPSocketAction { Port = new IntOrString { IntVal = 80 } },
                },
            },
            VolumeMounts = { new VolumeMount { Name = "config", MountPath = "/etc/app", ReadOnly = true } },
            SecurityContext = new SecurityContext { RunAsNonRoot = true, Privileged = false },
        };
        var pod = new Pod
        {
            Metadata = new ObjectMeta { Name = "web-0", Labels = { ["b"] = "2", ["a"] = "1" } },
            Spec = new PodSpec
            {
                Containers = { container },
                Volumes =
                {
                    new Volume
                    {
                        Name = "config",
                        VolumeSource = new VolumeSource
                        {
                            ConfigMap = new ConfigMapVolumeSource
                            {
                                LocalObjectReference = new LocalObjectReference { Name = "c" },
                                DefaultMode = 420,
                            },
                        },
                    },
                    new Volume
                    {
                        Name = "scratch",
                        VolumeSource = new VolumeSource { EmptyDir = new EmptyDirVolumeSource() },
                    },
                },
                TerminationGracePeriodSeconds = 0,
                RestartPolicy = "Always",
            },
        };

        var decoded = KubernetesProtobuf.Decode(Body("v1", "Pod", pod));

        AssertJson(
            """
            {"apiVersion":"v1","kind":"Pod","metadata":{"name":"web-0","labels":{"a":"1","b":"2"}},
             "spec":{"volumes":[{"name":"config","configMap":{"name":"c","defaultMode":420}},
                                {"name":"scratch","emptyDir":{}}],
                     "containers":[{"name":"app","image":"nginx:1.27",
                        "env":[{"name":"A","value":"1"},
                               {"name":"P","valueFrom":{"secretKeyRef":{"name":"s","key":"p"}}}],
                        "resources":{"limits":{"memory":"128Mi"},"requests":{"cpu":"100m"}},
                        "volumeMounts":[{"name":"config","readOnly":true,"mountPath":"/etc/app"}],
                        "livenessProbe":{"tcpSocket":{"port":80}},
                        "readinessProbe":{"httpGet":{"path":"/healthz","port":"http"},"periodSeconds":5},
                        "securityContext":{"privileged":false,"runAsNonRoot":true}}],
                     "restartPolicy":"Always","terminationGracePeriodSeconds":0}}
            """,
            decoded);
    }

    [TestMethod]
    [TestCategory("Unit")]
    public void Decode_LeaseAndEvent_WriteTimesAsRfc3339()
    {
        var renew = new MicroTime { Seconds = 1704164645, Nanos = 123456789 };
        var lease = new Lease
        {
            Metadata = new ObjectMeta { Name = "node-1", Namespace = "kube-node-lease" },
            Spec = new LeaseSpec { HolderIdentity = "node-1", LeaseDurationSeconds = 40, RenewTime = renew },
        };
        var @event = new Event
        {
            Metadata = new ObjectMeta { Name = "web-0.1", CreationTimestamp = new Time() },
            InvolvedObject = new ObjectReference { Kind = "Pod", Name = "web-0" },
            FirstTimestamp = new Time { Seconds = 1704164645, Nanos = 900000000 },
            Count = 1,
            EventTime = new MicroTime(),
        };

        var decodedLease = KubernetesProtobuf.Decode(Body("coordination.k8s.io/v1", "Lease", lease));
        var decodedEvent = KubernetesProtobuf.Decode(Body("v1", "Event", @event));

        AssertJson(
            """
            {"apiVersion":"coordination.k8s.io/v1","kind":"Lease",
             "metadata":{"name":"node-1","namespace":"kube-node-lease"},
             "spec":{"holderIdentity":"node-1","leaseDurationSeconds":40,"renewTime":"2024-01-02T03:04:05.123456Z"}}
            """,
            decodedLease);
        AssertJson(
            """
            {"apiVersion":"v1","kind":"Event","metadata":{"name":"web-0.1"},
             "involvedObject":{"kind":"Pod","name":"web-0"},"firstTimestamp":"2024-01-02T03:04:05Z","count":1}
            """,
            decodedEvent);
    }

    [TestMethod]
    [TestCategory("Unit")]
    public void Decode_SecretBinaryData_WritesBase64()
    {
        var secret = new Secret
        {
            Metadata = new ObjectMeta { Name = "tls" },
            Data = { ["key"] = ByteString.CopyFrom(0x00, 0xff, 0x10) },
            Type = "Opaque",
            Immutable = true,
        };

        var decoded = KubernetesProtobuf.Decode(Body("v1", "Secret", secret));

        AssertJson(
            """
            {"apiVersion":"v1","kind":"Secret","metadata":{"name":"tls"},"immutable":true,"data":{"key":"AP8Q"},
             "type":"Opaque"}
            """,
            decoded);
    }

    private static byte[] Body(string apiVersion, string kind, IMessage message) => Envelope(new Unknown
    {
        TypeMeta = new TypeMeta { ApiVersion = apiVersion, Kind = kind },
        Raw = message.ToByteString(),
    });

    private static byte[] Envelope(Unknown envelope) => [.. "k8s\0"u8, .. envelope.ToByteArray()];

    private static void AssertJson(string expected, JsonObject actual) =>
        Assert.AreEqual(Canonical(JsonNode.Parse(expected)!), Canonical(actual));

    /// <summary>
    /// The JSON with object keys sorted and nulls dropped: Go writes a zero <c>creationTimestamp</c> as null, and a
    /// null field means the same as an absent one to the server.
    /// </summary>
    private static string Canonical(JsonNode node) => Sorted(node)!.ToJsonString();

    private static JsonNode? Sorted(JsonNode? node) => node switch
    {
        JsonObject obj => new JsonObject(obj
            .Where(p => p.Value is not null)
            .OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => KeyValuePair.Create(p.Key, Sorted(p.Value)))),
        JsonArray array => new JsonArray(array.Select(Sorted).ToArray()),
        _ => node?.DeepClone(),
    };
}
