namespace Orchestrator.ControlPlane.Scheduling;

/// <summary>Registers the default scheduler in a control-plane silo.</summary>
public static class SchedulerServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="DefaultScheduler"/> as a hosted service with <see cref="SchedulerOptions"/> read from
    /// <c>Orchestrator:Scheduler</c>; the options are validated when the scheduler starts.
    /// </summary>
    public static IServiceCollection AddDefaultScheduler(this IServiceCollection services, IConfiguration configuration)
    {
        var options = new SchedulerOptions();
        configuration.GetSection(SchedulerOptions.Section).Bind(options);
        services.AddSingleton(options);
        services.AddHostedService<DefaultScheduler>();
        return services;
    }
}
