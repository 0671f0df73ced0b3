using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Orchestrator.Contracts.Identity;

namespace Orchestrator.Benchmarks.Scheduler;

/// <summary>
/// Calls the control plane's HTTP port directly, as the gateway would: every request carries the admin identity
/// signed with the region's identity key.
/// </summary>
internal sealed class ControlPlaneClient(Uri baseAddress, IdentitySigner signer) : IDisposable
{
    private static readonly CallerIdentity Admin = new("kubernetes-admin", ["system:masters", "system:authenticated"]);

    private readonly HttpClient _http = new() { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(60) };

    /// <summary>POSTs the object to the collection path; throws with the answer's body unless it is 2xx.</summary>
    public async Task CreateAsync(string path, JsonObject body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        var proof = signer.Sign(Admin, "POST", path);
        request.Headers.TryAddWithoutValidation(IdentityHeaders.User, Admin.User);
        foreach (var group in Admin.Groups)
        {
            request.Headers.TryAddWithoutValidation(IdentityHeaders.Group, group);
        }

        request.Headers.TryAddWithoutValidation(IdentityHeaders.Timestamp, proof.Timestamp);
        request.Headers.TryAddWithoutValidation(IdentityHeaders.Signature, proof.Signature);
        using var response = await _http.SendAsync(request, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            var answer = await response.Content.ReadAsStringAsync(cancellationToken);
            throw new InvalidOperationException($"POST {path} answered {(int)response.StatusCode}: {answer}");
        }
    }

    public void Dispose() => _http.Dispose();
}
