namespace Orchestrator.ControlPlane.Scheduling;

/// <summary>Registers the default scheduler in a control-plane silo.</summary>
public static class SchedulerServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="DefaultScheduler"/> as a hosted service with <see cref="SchedulerOptions"/> read from
    /// <c>Orchestrator:Scheduler</c>, and the silo's <see cref="SchedulerShardLeases"/> (held under the silo's
    /// name); the options are validated when the scheduler starts.
    /// </summary>
    public static IServiceCollection AddDefaultScheduler(this IServiceCollection services, IConfiguration configuration)
    {
        var options = new SchedulerOptions();
        configuration.GetSection(SchedulerOptions.Section).Bind(options);
        services.AddSingleton(options);
        services.AddSingleton(provider => new SchedulerShardLeases(
            provider.GetRequiredService<Store.IObjectStore>(), provider.GetRequiredService<ILocalSiloDetails>().Name,
            options, provider.GetRequiredService<TimeProvider>(),
            provider.GetRequiredService<ILogger<SchedulerShardLeases>>()));
        services.AddHostedService<DefaultScheduler>();
        return services;
    }
}
