using Orchestrator.Cluster;
using Orchestrator.Contracts.Regions;

namespace Orchestrator.ControlPlane.Hosting;

/// <summary>
/// Runs once the silo has joined its cluster: records the start in the region's record, then reports the process
/// ready. Registered after the silo, so the host starts it only when the silo is active.
/// </summary>
public sealed class SiloStartRecorder(
    IGrainFactory grains,
    ILocalSiloDetails silo,
    RegionClusterOptions cluster,
    Readiness readiness) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var region = grains.GetGrain<IRegionGrain>(cluster.Region);
        await region.RecordSiloStartAsync(silo.Name, cancellationToken);
        readiness.MarkReady();
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        readiness.MarkStopping();
        return Task.CompletedTask;
    }
}
