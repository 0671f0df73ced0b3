using System.Reflection;

namespace Orchestrator.ControlPlane.Hosting;

/// <summary>The process's health and version endpoints, answered as the Kubernetes API server answers them.</summary>
public static class HealthEndpoints
{
    public static IEndpointRouteBuilder MapHealthEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/healthz", () => Results.Text("ok"));
        endpoints.MapGet("/livez", () => Results.Text("ok"));
        endpoints.MapGet("/readyz", (Readiness readiness) => readiness.IsReady
            ? Results.Text("ok")
            : Results.Text("readyz check failed: the silo has not joined its cluster", statusCode: 503));
        endpoints.MapGet("/version", () => Results.Json(VersionInfo.Current));
        return endpoints;
    }
}

/// <summary>The body of <c>/version</c>: the Kubernetes API version served and this build's own version.</summary>
public sealed record VersionInfo(
    string Major, string Minor, string GitVersion, string GitCommit, string GitTreeState, string BuildDate,
    string GoVersion, string Compiler, string Platform)
{
    public static VersionInfo Current { get; } = Create();

    private static VersionInfo Create()
    {
        var build = typeof(VersionInfo).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()
            ?.InformationalVersion ?? "0.1.0";
        var platform = $"linux/{System.Runtime.InteropServices.RuntimeInformation.OSArchitecture}".ToLowerInvariant()
            .Replace("x64", "amd64", StringComparison.Ordinal);
        return new VersionInfo(
            "1", "32", "v1.32.0+orchestrator", build, "clean", "1970-01-01T00:00:00Z",
            Environment.Version.ToString(), "dotnet", platform);
    }
}
