using Orchestrator.NodeAgent.Cri.Api;

namespace Orchestrator.NodeAgent.Tests.Cri;

/// <summary>Pod sandbox and container configs as the node agent would send them, for the CRI tests.</summary>
internal static class TestPods
{
    public const string Busybox = "docker.io/library/busybox:1.36";

    /// <summary>A sandbox on the pod network, named uniquely, logging under <paramref name="logRoot"/>.</summary>
    public static PodSandboxConfig Sandbox(string name, string logRoot)
    {
        var uid = Guid.NewGuid().ToString();
        return new PodSandboxConfig
        {
            Metadata = new PodSandboxMetadata { Name = name, Namespace = "default", Uid = uid },
            Hostname = name,
            LogDirectory = Path.Combine(logRoot, $"default_{name}_{uid}"),
            Labels = { ["orchestrator.test/pod"] = name },
            Linux = new LinuxPodSandboxConfig
            {
                SecurityContext = new LinuxSandboxSecurityContext
                {
                    Seccomp = new SecurityProfile { ProfileType = SecurityProfile.Types.ProfileType.RuntimeDefault },
                },
            },
        };
    }

    /// <summary>A busybox container running <paramref name="command"/>.</summary>
    public static ContainerConfig Container(string name, params string[] command) => new()
    {
        Metadata = new ContainerMetadata { Name = name },
        Image = new ImageSpec { Image = Busybox },
        Command = { command },
        LogPath = $"{name}/0.log",
        Labels = { ["orchestrator.test/container"] = name },
    };
}
