namespace Orchestrator.NodeAgent.Streaming;

/// <summary>Settings of the agent's kubelet-style HTTP server (section <c>NodeAgent</c>).</summary>
public sealed class KubeletStreamingOptions
{
    /// <summary>The CRI socket of the node's containerd.</summary>
    public string ContainerdSocket { get; set; } = "/run/containerd/containerd.sock";

    /// <summary>The port the server listens on (plain HTTP), advertised as the Node's kubelet endpoint.</summary>
    public int Port { get; set; } = 10250;

    /// <summary>How often a followed log that has reached its end looks for new lines.</summary>
    public TimeSpan LogPollInterval { get; set; } = TimeSpan.FromMilliseconds(250);
}
