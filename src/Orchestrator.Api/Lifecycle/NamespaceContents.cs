using System.Text.Json.Nodes;
using Orchestrator.Store;
using Orchestrator.Store.Errors;
using Orchestrator.Store.Objects;

namespace Orchestrator.Api.Lifecycle;

/// <summary>
/// What every namespace holds from its start, as Kubernetes' controllers give it: the default service account.
/// </summary>
public static class NamespaceContents
{
    /// <summary>Creates the namespace's default objects that are missing. Idempotent.</summary>
    public static async Task CreateDefaultsAsync(IObjectStore store, string ns, CancellationToken cancellationToken)
    {
        var key = new ObjectKey("serviceaccounts", ns, "default");
        if (await store.GetAsync(key, cancellationToken) is not null)
        {
            return;
        }

        var account = new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "ServiceAccount",
            ["metadata"] = new JsonObject { ["name"] = "default", ["namespace"] = ns },
        };
        try
        {
            await store.CreateAsync(key, account, cancellationToken);
        }
        catch (ObjectAlreadyExistsException)
        {
            // Created meanwhile by another writer.
        }
    }
}
