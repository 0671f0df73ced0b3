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
