using Orchestrator.Store;
using Orchestrator.Store.Errors;
using Orchestrator.Store.Objects;

namespace Orchestrator.ControlPlane.Scheduling;

/// <summary>
/// Which scheduler shards this silo runs: each shard has a Lease in kube-system
/// (<see cref="ShardLeaseRecords.LeaseName"/>) that one silo holds at a time, as kube's leader election holds its
/// lock. Every round (<see cref="SchedulerOptions.LeaseRenewInterval"/>) the silo renews the leases it holds,
/// creates those missing and takes over those whose holder stopped renewing for
/// <see cref="SchedulerOptions.LeaseDuration"/>; every write is guarded by the resourceVersion it read, so of two
/// silos racing for a lease exactly one wins. A shard counts as held only until two thirds of the lease duration
/// after the last successful renewal (kube's renew deadline), so a silo cut off from the store stops placing
/// before another can take its shards. Expiry compares the holder's renewTime with this silo's clock: the
/// silos' clocks are assumed to agree within a few seconds.
/// </summary>
/// <remarks>
/// The first silo to run takes every free shard; a later silo takes shards only as their holder dies or
/// releases them (<see cref="ReleaseAsync"/>, on shutdown), so shards are not balanced across live silos.
/// </remarks>
public sealed partial class SchedulerShardLeases
{
    private const string Leases = "coordination.k8s.io/leases";

    private readonly IObjectStore _store;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private readonly DateTimeOffset[] _heldUntil;
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>
    /// An elector for <see cref="SchedulerOptions.Shards"/> shards, holding them as <paramref name="identity"/>.
    /// </summary>
    public SchedulerShardLeases(
        IObjectStore store, string identity, SchedulerOptions options, TimeProvider time, ILogger logger)
    {
        ArgumentException.ThrowIfNullOrEmpty(identity);
        _store = store;
        _time = time;
        _logger = logger;
        Identity = identity;
        LeaseDuration = options.LeaseDuration;
        RenewInterval = options.LeaseRenewInterval;
        _heldUntil = Enumerable.Repeat(DateTimeOffset.MinValue, options.Shards).ToArray();
    }

    /// <summary>The holderIdentity this silo writes (the silo's name).</summary>
    public string Identity { get; }

    /// <summary>How long a lease lasts after its last renewal.</summary>
    public TimeSpan LeaseDuration { get; }

    /// <summary>How often the leases are renewed.</summary>
    public TimeSpan RenewInterval { get; }

    private TimeSpan RenewDeadline => LeaseDuration * 2 / 3;

    /// <summary>Whether this silo holds the shard's lease now and may place its pods.</summary>
    public bool Holds(int shard)
    {
        lock (_gate)
        {
            return _heldUntil[shard] > _time.GetUtcNow();
        }
    }

    /// <summary>The shards this silo holds now, in order.</summary>
    public IReadOnlyList<int> Held() => Enumerable.Range(0, _heldUntil.Length).Where(Holds).ToList();

    /// <summary>
    /// Waits until this silo holds the shard; returns false at once when it holds it already, true when it had to
    /// wait (the shard was just acquired, so whatever the caller cached about it may be stale).
    /// </summary>
    public async Task<bool> WaitUntilHeldAsync(int shard, CancellationToken cancellationToken)
    {
        var waited = false;
        while (true)
        {
            Task changed;
            lock (_gate)
            {
                changed = _changed.Task;
            }

            if (Holds(shard))
            {
                return waited;
            }

            waited = true;
            await changed.WaitAsync(cancellationToken);
        }
    }

    /// <summary>
    /// Renews, creates or takes over the shards' leases every <see cref="RenewInterval"/> until cancelled.
    /// </summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            await RenewAsync(cancellationToken);
            await Task.Delay(RenewInterval, _time, cancellationToken);
        }
    }

    /// <summary>
    /// One round over every shard's lease: renews those held, creates those missing, takes over those free or
    /// expired, and forgets those another silo holds. A store failure on one lease leaves its shard held until
    /// its renew deadline. Returns the shards held after the round.
    /// </summary>
    public async Task<IReadOnlyList<int>> RenewAsync(CancellationToken cancellationToken)
    {
        for (var shard = 0; shard < _heldUntil.Length; shard++)
        {
            var now = _time.GetUtcNow();
            bool held;
            try
            {
                held = await TryHoldAsync(shard, now, cancellationToken);
            }
            catch (Exception error) when (error is not OperationCanceledException)
            {
                LogRenewFailed(_logger, ShardLeaseRecords.LeaseName(shard), error.Message);
                continue;
            }

            Record(shard, held ? now + RenewDeadline : DateTimeOffset.MinValue);
        }

        Signal();
        return Held();
    }

    /// <summary>Gives up every lease this silo holds, so other silos take the shards at once.</summary>
    public async Task ReleaseAsync(CancellationToken cancellationToken)
    {
        for (var shard = 0; shard < _heldUntil.Length; shard++)
        {
            Record(shard, DateTimeOffset.MinValue);
            try
            {
                var current = await _store.GetAsync(Key(shard), cancellationToken);
                if (current is not null && ShardLeaseRecords.HolderOf(current.Object) == Identity)
                {
                    await _store.UpdateAsync(current, ShardLeaseRecords.Released(current.Object), cancellationToken);
                }
            }
            catch (Exception error)
            {
                // Taken or gone meanwhile, or the store is out of reach: the lease then simply expires.
                LogReleaseFailed(_logger, ShardLeaseRecords.LeaseName(shard), error.Message);
            }
        }

        Signal();
    }

    private async Task<bool> TryHoldAsync(int shard, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var key = Key(shard);
        try
        {
            var current = await _store.GetAsync(key, cancellationToken);
            if (current is null)
            {
                await _store.CreateAsync(
                    key, ShardLeaseRecords.New(shard, Identity, LeaseDuration, now), cancellationToken);
                return true;
            }

            var holder = ShardLeaseRecords.HolderOf(current.Object);
            if (holder != Identity && !ShardLeaseRecords.IsFree(current.Object, now))
            {
                return false;
            }

            await _store.UpdateAsync(
                current, ShardLeaseRecords.HeldBy(current.Object, Identity, LeaseDuration, now), cancellationToken);
            return true;
        }
        catch (StoreException error) when (error is ObjectConflictException or ObjectAlreadyExistsException
            or ObjectNotFoundException)
        {
            // Another silo wrote the lease since it was read: it won this round.
            return false;
        }
    }

    private void Record(int shard, DateTimeOffset heldUntil)
    {
        bool before;
        lock (_gate)
        {
            before = _heldUntil[shard] > _time.GetUtcNow();
            _heldUntil[shard] = heldUntil;
        }

        var after = heldUntil > _time.GetUtcNow();
        if (before != after)
        {
            LogHolding(_logger, Identity, after ? "acquired" : "lost", ShardLeaseRecords.LeaseName(shard));
        }
    }

    private void Signal()
    {
        TaskCompletionSource changed;
        lock (_gate)
        {
            changed = _changed;
            _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        changed.TrySetResult();
    }

    private static ObjectKey Key(int shard) =>
        new(Leases, ShardLeaseRecords.Namespace, ShardLeaseRecords.LeaseName(shard));

    [LoggerMessage(3210, LogLevel.Information, "Silo {Identity} {Change} scheduler lease {Lease}")]
    private static partial void LogHolding(ILogger logger, string identity, string change, string lease);

    [LoggerMessage(3211, LogLevel.Warning, "Renewing scheduler lease {Lease} failed: {Reason}")]
    private static partial void LogRenewFailed(ILogger logger, string lease, string reason);

    [LoggerMessage(3212, LogLevel.Debug, "Releasing scheduler lease {Lease} failed: {Reason}")]
    private static partial void LogReleaseFailed(ILogger logger, string lease, string reason);
}
