using Grpc.Core;
using Grpc.Net.Client;
using Orchestrator.NodeAgent.Cri.Api;

namespace Orchestrator.NodeAgent.Cri;

/// <summary>
/// A typed client of a container runtime's CRI v1 API (runtime and image services), e.g. containerd's, over its unix
/// socket. Calls are thin: failures surface as <see cref="RpcException"/>, except that status look-ups of something
/// that does not exist return <see langword="null"/>. Stop and remove calls are idempotent in CRI: stopping or
/// removing what is already gone succeeds. Thread-safe; dispose it to close the connection.
/// </summary>
public sealed class ContainerRuntimeClient : IDisposable
{
    private readonly GrpcChannel _channel;
    private readonly RuntimeService.RuntimeServiceClient _runtime;
    private readonly ImageService.ImageServiceClient _images;

    /// <summary>Creates a client on an existing channel, which the client then owns.</summary>
    public ContainerRuntimeClient(GrpcChannel channel)
    {
        _channel = channel;
        _runtime = new RuntimeService.RuntimeServiceClient(channel);
        _images = new ImageService.ImageServiceClient(channel);
    }

    /// <summary>Creates a client of the CRI endpoint on the unix socket <paramref name="socketPath"/>.</summary>
    public static ContainerRuntimeClient ForUnixSocket(string socketPath) =>
        new(UnixSocketChannel.Create(socketPath));

    /// <summary>The runtime's name and version (e.g. containerd 1.6.20) and the CRI version it serves.</summary>
    public async Task<VersionResponse> GetVersionAsync(CancellationToken cancellationToken) =>
        await _runtime.VersionAsync(new VersionRequest { Version = "v1" }, cancellationToken: cancellationToken);

    /// <summary>The runtime's conditions (RuntimeReady, NetworkReady) as it reports them.</summary>
    public async Task<RuntimeStatus> GetRuntimeStatusAsync(CancellationToken cancellationToken)
    {
        var response = await _runtime.StatusAsync(new StatusRequest(), cancellationToken: cancellationToken);
        return response.Status ?? new RuntimeStatus();
    }

    /// <summary>
    /// Creates and starts a pod sandbox (its namespaces, pause process and network) and returns its id. Not
    /// idempotent: each call makes a new sandbox unless the runtime rejects a duplicate name and attempt.
    /// </summary>
    public async Task<string> RunPodSandboxAsync(PodSandboxConfig config, CancellationToken cancellationToken)
    {
        var request = new RunPodSandboxRequest { Config = config };
        var response = await _runtime.RunPodSandboxAsync(request, cancellationToken: cancellationToken);
        return response.PodSandboxId;
    }

    /// <summary>
    /// Stops every container of the sandbox and the sandbox itself, and releases its network. Idempotent: a sandbox
    /// that is already stopped or gone is no error.
    /// </summary>
    public async Task StopPodSandboxAsync(string podSandboxId, CancellationToken cancellationToken)
    {
        try
        {
            var request = new StopPodSandboxRequest { PodSandboxId = podSandboxId };
            await _runtime.StopPodSandboxAsync(request, cancellationToken: cancellationToken);
        }
        catch (RpcException error) when (error.StatusCode == StatusCode.NotFound)
        {
            // containerd 1.6 answers NotFound where the CRI contract asks for success.
        }
    }

    /// <summary>
    /// Removes the sandbox and its containers, stopping them first if they still run. Idempotent: a sandbox that is
    /// already gone is no error.
    /// </summary>
    public async Task RemovePodSandboxAsync(string podSandboxId, CancellationToken cancellationToken)
    {
        try
        {
            var request = new RemovePodSandboxRequest { PodSandboxId = podSandboxId };
            await _runtime.RemovePodSandboxAsync(request, cancellationToken: cancellationToken);
        }
        catch (RpcException error) when (error.StatusCode == StatusCode.NotFound)
        {
            // As for StopPodSandboxAsync: gone is the state asked for.
        }
    }

    /// <summary>The sandbox's state and network (its IP), or <see langword="null"/> when it does not exist.</summary>
    public async Task<PodSandboxStatus?> GetPodSandboxStatusAsync(
        string podSandboxId, CancellationToken cancellationToken)
    {
        try
        {
            var request = new PodSandboxStatusRequest { PodSandboxId = podSandboxId };
            var response = await _runtime.PodSandboxStatusAsync(request, cancellationToken: cancellationToken);
            return response.Status;
        }
        catch (RpcException error) when (error.StatusCode == StatusCode.NotFound)
        {
            return null;
        }
    }

    /// <summary>The sandboxes the runtime knows, optionally filtered by id, state or labels.</summary>
    public async Task<IReadOnlyList<PodSandbox>> ListPodSandboxesAsync(
        PodSandboxFilter? filter, CancellationToken cancellationToken)
    {
        var request = new ListPodSandboxRequest { Filter = filter };
        var response = await _runtime.ListPodSandboxAsync(request, cancellationToken: cancellationToken);
        return response.Items;
    }

    /// <summary>
    /// Creates (without starting) a container in the sandbox and returns its id. The image must already be present
    /// on the node (see <see cref="PullImageAsync"/>); <paramref name="sandboxConfig"/> is the config the sandbox was
    /// run with.
    /// </summary>
    public async Task<string> CreateContainerAsync(
        string podSandboxId,
        ContainerConfig config,
        PodSandboxConfig sandboxConfig,
        CancellationToken cancellationToken)
    {
        var request = new CreateContainerRequest
        {
            PodSandboxId = podSandboxId,
            Config = config,
            SandboxConfig = sandboxConfig,
        };
        var response = await _runtime.CreateContainerAsync(request, cancellationToken: cancellationToken);
        return response.ContainerId;
    }

    /// <summary>Starts a created container.</summary>
    public async Task StartContainerAsync(string containerId, CancellationToken cancellationToken) =>
        await _runtime.StartContainerAsync(
            new StartContainerRequest { ContainerId = containerId }, cancellationToken: cancellationToken);

    /// <summary>
    /// Stops a running container: its stop signal, then SIGKILL once <paramref name="gracePeriod"/> (whole seconds)
    /// has passed. Idempotent: stopping an exited or removed container succeeds.
    /// </summary>
    public async Task StopContainerAsync(string containerId, TimeSpan gracePeriod, CancellationToken cancellationToken)
    {
        var request = new StopContainerRequest
        {
            ContainerId = containerId,
            Timeout = (long)Math.Ceiling(gracePeriod.TotalSeconds),
        };
        try
        {
            await _runtime.StopContainerAsync(request, cancellationToken: cancellationToken);
        }
        catch (RpcException error) when (error.StatusCode == StatusCode.NotFound)
        {
            // As for StopPodSandboxAsync: gone is stopped.
        }
    }

    /// <summary>
    /// Removes a container, killing it first if it still runs. Idempotent: a container already gone is no error.
    /// </summary>
    public async Task RemoveContainerAsync(string containerId, CancellationToken cancellationToken)
    {
        try
        {
            var request = new RemoveContainerRequest { ContainerId = containerId };
            await _runtime.RemoveContainerAsync(request, cancellationToken: cancellationToken);
        }
        catch (RpcException error) when (error.StatusCode == StatusCode.NotFound)
        {
            // As for StopPodSandboxAsync: gone is the state asked for.
        }
    }

    /// <summary>
    /// The container's state, exit code, reason and times, or <see langword="null"/> when it does not exist.
    /// </summary>
    public async Task<ContainerStatus?> GetContainerStatusAsync(string containerId, CancellationToken cancellationToken)
    {
        try
        {
            var request = new ContainerStatusRequest { ContainerId = containerId };
            var response = await _runtime.ContainerStatusAsync(request, cancellationToken: cancellationToken);
            return response.Status;
        }
        catch (RpcException error) when (error.StatusCode == StatusCode.NotFound)
        {
            return null;
        }
    }

    /// <summary>The containers the runtime knows, optionally filtered by id, sandbox, state or labels.</summary>
    public async Task<IReadOnlyList<Container>> ListContainersAsync(
        ContainerFilter? filter, CancellationToken cancellationToken)
    {
        var request = new ListContainersRequest { Filter = filter };
        var response = await _runtime.ListContainersAsync(request, cancellationToken: cancellationToken);
        return response.Containers;
    }

    /// <summary>
    /// Runs <paramref name="command"/> in a running container and waits for it, for at most
    /// <paramref name="timeout"/> (whole seconds; zero waits without limit). A non-zero exit code is a result, not an
    /// error.
    /// </summary>
    public async Task<ExecSyncResponse> ExecSyncAsync(
        string containerId,
        IEnumerable<string> command,
        TimeSpan timeout,
        CancellationToken cancellationToken)
    {
        var request = new ExecSyncRequest
        {
            ContainerId = containerId,
            Timeout = (long)Math.Ceiling(timeout.TotalSeconds),
        };
        request.Cmd.AddRange(command);
        return await _runtime.ExecSyncAsync(request, cancellationToken: cancellationToken);
    }

    /// <summary>
    /// Prepares a streamed exec of <paramref name="request"/>'s command and returns the one-time URL on the runtime's
    /// streaming server that serves it (the remotecommand protocols, over SPDY or WebSocket).
    /// </summary>
    public async Task<Uri> GetExecUrlAsync(ExecRequest request, CancellationToken cancellationToken)
    {
        var response = await _runtime.ExecAsync(request, cancellationToken: cancellationToken);
        return new Uri(response.Url);
    }

    /// <summary>
    /// Prepares an attach to a running container's streams and returns the one-time URL that serves it.
    /// </summary>
    public async Task<Uri> GetAttachUrlAsync(AttachRequest request, CancellationToken cancellationToken)
    {
        var response = await _runtime.AttachAsync(request, cancellationToken: cancellationToken);
        return new Uri(response.Url);
    }

    /// <summary>
    /// Prepares a port forward into the sandbox's network namespace and returns the one-time URL that serves it (the
    /// portforward.k8s.io protocol; the ports are named by the client's streams).
    /// </summary>
    public async Task<Uri> GetPortForwardUrlAsync(string podSandboxId, CancellationToken cancellationToken)
    {
        var request = new PortForwardRequest { PodSandboxId = podSandboxId };
        var response = await _runtime.PortForwardAsync(request, cancellationToken: cancellationToken);
        return new Uri(response.Url);
    }

    /// <summary>
    /// Pulls <paramref name="image"/> (a fully qualified reference) from its registry and returns the image's id.
    /// The runtime always asks the registry, even when the image is present: see <see cref="EnsureImageAsync"/>.
    /// </summary>
    public async Task<string> PullImageAsync(string image, CancellationToken cancellationToken)
    {
        var request = new PullImageRequest { Image = new ImageSpec { Image = image } };
        var response = await _images.PullImageAsync(request, cancellationToken: cancellationToken);
        return response.ImageRef;
    }

    /// <summary>
    /// Returns the id of <paramref name="image"/> on the node, pulling it only when the node does not have it (the
    /// IfNotPresent pull policy).
    /// </summary>
    public async Task<string> EnsureImageAsync(string image, CancellationToken cancellationToken)
    {
        var present = await GetImageStatusAsync(image, cancellationToken);
        return present?.Id ?? await PullImageAsync(image, cancellationToken);
    }

    /// <summary>The image as stored on the node, or <see langword="null"/> when the node does not have it.</summary>
    public async Task<Image?> GetImageStatusAsync(string image, CancellationToken cancellationToken)
    {
        var request = new ImageStatusRequest { Image = new ImageSpec { Image = image } };
        var response = await _images.ImageStatusAsync(request, cancellationToken: cancellationToken);
        return response.Image;
    }

    /// <inheritdoc />
    public void Dispose() => _channel.Dispose();
}
