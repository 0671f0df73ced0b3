namespace Orchestrator.NodeAgent.Pods;

/// <summary>
/// One back-off window: what failed (<paramref name="Key"/>: a container id or an image), how long it waits and
/// the time before which it is not retried.
/// </summary>
public sealed record BackOffEntry(string Key, TimeSpan Wait, DateTimeOffset NotBefore)
{
    /// <summary>Whether the BackOff event of this window has been recorded.</summary>
    public bool Reported { get; set; }
}
