using System.Text.Json.Nodes;
using Orchestrator.Store.Objects;

namespace Orchestrator.Store;

/// <summary>
/// The store of a region's API objects. Every write is durable in PostgreSQL when its task completes and gets a
/// resourceVersion greater than every earlier one in the region. Errors are the <c>Store.Errors</c> exceptions.
/// </summary>
public interface IObjectStore
{
    /// <summary>
    /// Creates an object. Sets <c>metadata.uid</c> (unless given), <c>creationTimestamp</c> (unless given),
    /// <c>generation</c> 1 when the object has a <c>spec</c>, and <c>resourceVersion</c>.
    /// Throws <c>ObjectAlreadyExistsException</c> when the key is taken.
    /// </summary>
    Task<StoredObject> CreateAsync(ObjectKey key, JsonObject obj, CancellationToken cancellationToken);

    /// <summary>The current version of an object, or null.</summary>
    Task<StoredObject?> GetAsync(ObjectKey key, CancellationToken cancellationToken);

    /// <summary>
    /// Replaces <paramref name="current"/> with <paramref name="updated"/> if the object is still at
    /// <paramref name="current"/>'s revision; keeps uid and creationTimestamp, bumps <c>generation</c> only when
    /// <c>spec</c> changed. Throws <c>ObjectConflictException</c> when it changed meanwhile,
    /// <c>ObjectNotFoundException</c> when it is gone.
    /// </summary>
    Task<StoredObject> UpdateAsync(StoredObject current, JsonObject updated, CancellationToken cancellationToken);

    /// <summary>
    /// Deletes an object, returning its last state at the deletion's revision.
    /// Throws <c>ObjectNotFoundException</c>, or <c>ObjectConflictException</c> when a precondition fails.
    /// </summary>
    Task<StoredObject> DeleteAsync(
        ObjectKey key, DeletePreconditions? preconditions, CancellationToken cancellationToken);

    /// <summary>
    /// One page of a consistent snapshot. Throws <c>ResourceExpiredException</c> for compacted revisions.
    /// </summary>
    Task<ListResult> ListAsync(ListRequest request, CancellationToken cancellationToken);

    /// <summary>
    /// Every change after the request's revision, in order, until cancelled. Throws <c>ResourceExpiredException</c>
    /// when that revision is older than the kept history.
    /// </summary>
    IAsyncEnumerable<ObjectChange> WatchAsync(WatchRequest request, CancellationToken cancellationToken);

    /// <summary>The region's latest committed revision.</summary>
    Task<long> GetRevisionAsync(CancellationToken cancellationToken);

    /// <summary>
    /// The most recent revision this process's change feed has seen; watchers may send it as a bookmark.
    /// </summary>
    long ObservedRevision { get; }
}
