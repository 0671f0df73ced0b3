using System.Text.Json.Nodes;
using Microsoft.Extensions.Hosting;
using Orchestrator.Store;
using Orchestrator.Store.Errors;
using Orchestrator.Store.Objects;

namespace Orchestrator.Api.Lifecycle;

/// <summary>Creates the namespaces every cluster has (default, kube-system, kube-public, kube-node-lease).</summary>
public sealed class SystemNamespaces(IObjectStore store) : IHostedService
{
    private static readonly string[] Names = ["default", "kube-system", "kube-public", "kube-node-lease"];

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var name in Names)
        {
            await NamespaceContents.CreateDefaultsAsync(store, name, cancellationToken);
            var key = new ObjectKey("namespaces", "", name);
            if (await store.GetAsync(key, cancellationToken) is not null)
            {
                continue;
            }

            var ns = new JsonObject
            {
                ["apiVersion"] = "v1",
                ["kind"] = "Namespace",
                ["metadata"] = new JsonObject
                {
                    ["name"] = name,
                    ["labels"] = new JsonObject { ["kubernetes.io/metadata.name"] = name },
                },
                ["spec"] = new JsonObject { ["finalizers"] = new JsonArray("kubernetes") },
                ["status"] = new JsonObject { ["phase"] = "Active" },
            };
            try
            {
                await store.CreateAsync(key, ns, cancellationToken);
            }
            catch (ObjectAlreadyExistsException)
            {
                // Another silo of the region created it first.
            }
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
