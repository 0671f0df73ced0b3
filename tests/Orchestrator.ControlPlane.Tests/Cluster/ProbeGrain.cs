using Orchestrator.Cluster;

namespace Orchestrator.ControlPlane.Tests.Cluster;

/// <summary>A grain that exercises each Orleans provider the region's schema serves.</summary>
public interface IProbeGrain : IGrainWithStringKey
{
    Task WriteAsync(string value);

    Task<string?> ReadAsync();

    Task ClearAsync();

    Task DeactivateAsync();

    Task RegisterReminderAsync(string name);

    Task<string[]> ListRemindersAsync();

    Task UnregisterReminderAsync(string name);
}

[GenerateSerializer]
public sealed class ProbeState
{
    [Id(0)]
    public string? Value { get; set; }
}

public sealed class ProbeGrain(
    [PersistentState("probe", RegionClusterExtensions.DefaultStorage)] IPersistentState<ProbeState> state)
    : Grain, IProbeGrain, IRemindable
{
    public Task WriteAsync(string value)
    {
        state.State.Value = value;
        return state.WriteStateAsync();
    }

    public Task<string?> ReadAsync() => Task.FromResult(state.State.Value);

    public Task ClearAsync() => state.ClearStateAsync();

    public Task DeactivateAsync()
    {
        DeactivateOnIdle();
        return Task.CompletedTask;
    }

    public Task RegisterReminderAsync(string name) =>
        this.RegisterOrUpdateReminder(name, TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(5));

    public async Task<string[]> ListRemindersAsync() =>
        (await this.GetReminders()).Select(r => r.ReminderName).Order().ToArray();

    public async Task UnregisterReminderAsync(string name)
    {
        var reminder = await this.GetReminder(name);
        if (reminder is not null)
        {
            await this.UnregisterReminder(reminder);
        }
    }

    public Task ReceiveReminder(string reminderName, TickStatus status) => Task.CompletedTask;
}
