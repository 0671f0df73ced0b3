using System.Globalization;
using System.Text.Json.Nodes;
using Orchestrator.Api.Networking;
using Orchestrator.Api.Objects;
using Orchestrator.Store;
using Orchestrator.Store.Errors;
using Orchestrator.Store.Objects;

namespace Orchestrator.ControlPlane.Networking;

/// <summary>
/// Gives back cluster IPs and node ports that no Service holds any more — the Service was deleted or changed —
/// as kube-apiserver's allocator repair loop does. A record younger than <see cref="GracePeriod"/> is left alone,
/// so an address taken for a Service whose write is still under way is never lost to it.
/// </summary>
public sealed partial class ServiceAllocationRepair(
    IObjectStore store, TimeProvider time, ILogger<ServiceAllocationRepair> logger) : BackgroundService
{
    /// <summary>How old an unheld record must be before it is released.</summary>
    public static readonly TimeSpan GracePeriod = TimeSpan.FromSeconds(30);

    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(20);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await RepairAsync(stoppingToken);
            }
            catch (Exception error) when (!stoppingToken.IsCancellationRequested)
            {
                LogFailed(logger, error.Message);
            }
        }
    }

    /// <summary>One pass: releases every record older than the grace period that its Service does not hold.</summary>
    public async Task RepairAsync(CancellationToken cancellationToken)
    {
        var held = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var service in store.ListAllAsync("services", 0, cancellationToken))
        {
            var parent = $"{service.Key.Namespace}/{service.Key.Name}";
            foreach (var ip in ServiceAllocations.ClusterIpsOf(service.Object))
            {
                held.Add($"{ServiceAllocations.IpAddresses}|{ip}|{parent}");
            }

            foreach (var port in ServiceAllocations.NodePortsOf(service.Object))
            {
                held.Add($"{ServiceAllocations.NodePorts}|{port.ToString(CultureInfo.InvariantCulture)}|{parent}");
            }
        }

        var cutoff = time.GetUtcNow() - GracePeriod;
        foreach (var resource in new[] { ServiceAllocations.IpAddresses, ServiceAllocations.NodePorts })
        {
            await foreach (var record in store.ListAllAsync(resource, 0, cancellationToken))
            {
                if (ServiceAllocations.ParentOf(record.Object) is not { } parent ||
                    held.Contains($"{resource}|{record.Key.Name}|{parent}") ||
                    record.Object.ObjectAt("metadata").TimestampAt("creationTimestamp") > cutoff)
                {
                    continue;
                }

                await ReleaseAsync(record, parent, cancellationToken);
            }
        }
    }

    private async Task ReleaseAsync(StoredObject record, string parent, CancellationToken cancellationToken)
    {
        try
        {
            await store.DeleteAsync(record.Key, new DeletePreconditions(record.Uid), cancellationToken);
            LogReleased(logger, record.Key.Resource, record.Key.Name, parent);
        }
        catch (Exception error) when (error is ObjectNotFoundException or ObjectConflictException)
        {
            // Taken again or released by another silo meanwhile.
        }
    }

    [LoggerMessage(EventId = 2611, Level = LogLevel.Information,
        Message = "Released {Resource} {Name}, no longer held by service {Service}")]
    private static partial void LogReleased(ILogger logger, string resource, string name, string service);

    [LoggerMessage(EventId = 2612, Level = LogLevel.Warning, Message = "Service allocation repair failed: {Error}")]
    private static partial void LogFailed(ILogger logger, string error);
}
