namespace Orchestrator.Store.Errors;

/// <summary>An exact read at a revision the region has not reached yet.</summary>
public sealed class TooLargeResourceVersionException(long requested, long current)
    : StoreException($"Too large resource version: {requested}, current: {current}")
{
    public long Requested { get; } = requested;

    public long Current { get; } = current;
}
