namespace Orchestrator.NodeAgent.Pods;

/// <summary>
/// Kubelet's restart and image-pull back-off: the first failure is retried at once, the next after 10 s, then the
/// wait doubles up to 5 min; a container that ran for 10 min before it exited starts again from no wait. Pure.
/// </summary>
public static class ContainerBackOff
{
    /// <summary>The first wait.</summary>
    public static readonly TimeSpan Initial = TimeSpan.FromSeconds(10);

    /// <summary>The longest wait.</summary>
    public static readonly TimeSpan Maximum = TimeSpan.FromMinutes(5);

    /// <summary>How long a container must run for its next exit to count as a first failure again.</summary>
    public static readonly TimeSpan ResetAfter = TimeSpan.FromMinutes(10);

    /// <summary>The wait after a failure, given the wait after the previous one (null: none before).</summary>
    public static TimeSpan NextWait(TimeSpan? previous) =>
        previous is not { } wait ? TimeSpan.Zero
        : wait == TimeSpan.Zero ? Initial
        : wait * 2 > Maximum ? Maximum
        : wait * 2;

    /// <summary>
    /// The back-off for the exit of container <paramref name="containerId"/>: the entry of the previous exit when it
    /// is the same container (so each exit counts once), else a new entry whose wait follows the previous one, or
    /// starts over when the container ran for <see cref="ResetAfter"/>.
    /// </summary>
    public static BackOffEntry AfterExit(
        BackOffEntry? previous, string containerId, DateTimeOffset startedAt, DateTimeOffset finishedAt)
    {
        if (previous is not null && previous.Key == containerId)
        {
            return previous;
        }

        var wait = previous is null || finishedAt - startedAt >= ResetAfter ? TimeSpan.Zero : NextWait(previous.Wait);
        return new BackOffEntry(containerId, wait, finishedAt + wait);
    }

    /// <summary>The back-off after a failed pull of <paramref name="image"/> at <paramref name="now"/>.</summary>
    public static BackOffEntry AfterPullFailure(BackOffEntry? previous, string image, DateTimeOffset now)
    {
        var wait = previous is not null && previous.Key == image
            ? (previous.Wait == TimeSpan.Zero ? Initial : NextWait(previous.Wait))
            : Initial;
        return new BackOffEntry(image, wait, now + wait);
    }
}
