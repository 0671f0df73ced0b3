using System.Text.Json.Nodes;
using Orchestrator.Store.Errors;
using Orchestrator.Store.Objects;

namespace Orchestrator.Store;

/// <summary>Read-modify-write on top of the store's compare-and-swap update.</summary>
public static class ObjectStoreExtensions
{
    private const int MaxAttempts = 100;

    /// <summary>
    /// Reads the object, lets <paramref name="mutate"/> compute its next state from the current one, and writes it
    /// if nothing changed meanwhile; on a conflict it reads again and repeats. A null from
    /// <paramref name="mutate"/> means "no change" and returns the current version unwritten.
    /// Throws <see cref="ObjectNotFoundException"/> when the object does not exist.
    /// </summary>
    public static async Task<StoredObject> GuaranteedUpdateAsync(
        this IObjectStore store,
        ObjectKey key,
        Func<StoredObject, JsonObject?> mutate,
        CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var current = await store.GetAsync(key, cancellationToken) ?? throw new ObjectNotFoundException(key);
            var next = mutate(current);
            if (next is null)
            {
                return current;
            }

            try
            {
                return await store.UpdateAsync(current, next, cancellationToken);
            }
            catch (ObjectConflictException) when (attempt < MaxAttempts)
            {
                // Someone else wrote first: start again from their version.
            }
        }
    }
}
