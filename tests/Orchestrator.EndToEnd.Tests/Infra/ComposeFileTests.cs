using System.Diagnostics;
using System.Text.RegularExpressions;
using Orchestrator.EndToEnd.Tests.Support;
using YamlDotNet.Serialization;

namespace Orchestrator.EndToEnd.Tests.Infra;

/// <summary>
/// docker-compose.yml cannot be run here (no Docker engine), so its shape is checked: the topology is complete,
/// every file it builds from exists, and every port it publishes is one the programs listen on.
/// </summary>
[TestClass]
[TestCategory("Unit")]
public sealed partial class ComposeFileTests
{
    private static readonly Dictionary<object, object> Compose = Load();

    private static Dictionary<object, object> Services => Map(Compose["services"]);

    [TestMethod]
    public void Services_Topology_PostgresControlPlaneGatewayAndPrivilegedNode()
    {
        CollectionAssert.AreEquivalent(
            new[] { "postgres", "control-plane", "gateway", "node-agent" },
            Services.Keys.Select(k => (string)k).ToArray());
        Assert.AreEqual("true", Scalar(Services["node-agent"], "privileged"));
        foreach (var (name, service) in Services)
        {
            var dependencies = Map(service).TryGetValue("depends_on", out var raw)
                ? raw is List<object> list ? list.Cast<string>() : Map(raw).Keys.Cast<string>()
                : [];
            foreach (var dependency in dependencies)
            {
                Assert.IsTrue(Services.ContainsKey(dependency), $"{name} depends on unknown {dependency}");
            }
        }
    }

    [TestMethod]
    public void Builds_DockerfilesAndWhatTheyCopy_Exist()
    {
        foreach (var (name, service) in Services.Where(s => Map(s.Value).ContainsKey("build")))
        {
            var build = Map(Map(service)["build"]);
            var context = Path.GetFullPath(Path.Combine(RepositoryPaths.Root, (string)build["context"]));
            var dockerfile = Path.Combine(context, (string)build["dockerfile"]);
            Assert.IsTrue(File.Exists(dockerfile), $"{name}: {dockerfile} is missing");
            foreach (var source in CopySources(File.ReadAllText(dockerfile)))
            {
                var path = Path.Combine(context, source);
                Assert.IsTrue(File.Exists(path) || Directory.Exists(path), $"{name}: COPY {source} is missing");
                if (path.EndsWith(".sh", StringComparison.Ordinal))
                {
                    Assert.AreEqual(0, BashSyntaxCheck(path), $"{name}: {source} does not parse");
                }
            }
        }
    }

    [TestMethod]
    public void Ports_PublishedContainerPorts_AreWhereTheProgramsListen()
    {
        var gateway = Environment("gateway");
        CollectionAssert.IsSubsetOf(new[] { gateway["Gateway__Port"], gateway["Gateway__IngressPort"] },
            ContainerPorts("gateway"));
        var controlPlaneUrl = new Uri(gateway["Gateway__ControlPlanes"]);
        Assert.IsTrue(Services.ContainsKey(controlPlaneUrl.Host), controlPlaneUrl.ToString());
        var controlPlaneDockerfile = File.ReadAllText(Dockerfile("control-plane"));
        var listening = UrlsPort().Match(controlPlaneDockerfile).Groups[1].Value;
        Assert.AreEqual(listening, controlPlaneUrl.Port.ToString());
        CollectionAssert.Contains(ContainerPorts("control-plane"), listening);
        CollectionAssert.Contains(ContainerPorts("node-agent"), Environment("node-agent")["NodeAgent__Port"]);
        foreach (var name in new[] { "control-plane", "gateway", "node-agent" })
        {
            var exposed = Expose().Matches(File.ReadAllText(Dockerfile(name)))
                .SelectMany(m => m.Groups[1].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries));
            CollectionAssert.IsSubsetOf(ContainerPorts(name), exposed.ToArray(), $"{name} publishes unexposed ports");
        }
    }

    [TestMethod]
    public void Volumes_NamedVolumesOfServices_AreDeclared()
    {
        var declared = Map(Compose["volumes"]).Keys.Cast<string>().ToHashSet();
        foreach (var (name, service) in Services)
        {
            var volumes = Map(service).TryGetValue("volumes", out var raw) ? ((List<object>)raw).Cast<string>() : [];
            foreach (var volume in volumes.Select(v => v.Split(':')[0]).Where(v => !v.StartsWith('.')))
            {
                Assert.IsTrue(declared.Contains(volume), $"{name} mounts undeclared volume {volume}");
            }
        }
    }

    private static Dictionary<object, object> Load() =>
        new DeserializerBuilder().Build().Deserialize<Dictionary<object, object>>(
            File.ReadAllText(Path.Combine(RepositoryPaths.Root, "docker-compose.yml")));

    private static Dictionary<object, object> Map(object value) => (Dictionary<object, object>)value;

    private static string Scalar(object service, string key) => (string)Map(service)[key];

    private static Dictionary<string, string> Environment(string service) =>
        Map(Map(Services[service])["environment"]).ToDictionary(kv => (string)kv.Key, kv => (string)kv.Value);

    private static string[] ContainerPorts(string service) =>
        ((List<object>)Map(Services[service])["ports"]).Cast<string>().Select(p => p.Split(':')[^1]).ToArray();

    private static string Dockerfile(string service)
    {
        var build = Map(Map(Services[service])["build"]);
        return Path.Combine(RepositoryPaths.Root, (string)build["context"], (string)build["dockerfile"]);
    }

    private static IEnumerable<string> CopySources(string dockerfile) =>
        dockerfile.Split('\n').Where(l => l.StartsWith("COPY ", StringComparison.Ordinal) && !l.Contains("--from"))
            .SelectMany(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1..^1]);

    private static int BashSyntaxCheck(string script)
    {
        using var bash = Process.Start(new ProcessStartInfo("bash", ["-n", script]))!;
        bash.WaitForExit();
        return bash.ExitCode;
    }

    [GeneratedRegex(@"Urls=http://[^:]+:(\d+)")]
    private static partial Regex UrlsPort();

    [GeneratedRegex(@"^EXPOSE (.+)$", RegexOptions.Multiline)]
    private static partial Regex Expose();
}
