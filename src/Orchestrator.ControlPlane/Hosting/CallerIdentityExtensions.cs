using Orchestrator.Contracts.Identity;

namespace Orchestrator.ControlPlane.Hosting;

/// <summary>Registers and uses the verification of the caller identity the gateway signs into each request.</summary>
public static class CallerIdentityExtensions
{
    /// <summary>
    /// Registers the <see cref="IdentitySigner"/> with the region's shared key, <c>identity.key</c> in
    /// <paramref name="dataDirectory"/>, creating the key if this process is the first to start.
    /// </summary>
    public static IServiceCollection AddCallerIdentity(this IServiceCollection services, string dataDirectory)
    {
        var key = IdentityKeyFile.LoadOrCreate(dataDirectory);
        services.AddSingleton(provider => new IdentitySigner(
            key, provider.GetService<TimeProvider>() ?? TimeProvider.System));
        return services;
    }

    /// <summary>
    /// Runs every later middleware and endpoint as the caller the gateway vouched for; see
    /// <see cref="IdentityVerificationMiddleware"/>. Needs <see cref="AddCallerIdentity"/>.
    /// </summary>
    public static IApplicationBuilder UseCallerIdentity(this IApplicationBuilder app) =>
        app.UseMiddleware<IdentityVerificationMiddleware>();

    /// <summary>The verified caller of this request, or null before <see cref="UseCallerIdentity"/> ran.</summary>
    public static CallerIdentity? GetCallerIdentity(this HttpContext context) => context.Features.Get<CallerIdentity>();
}
