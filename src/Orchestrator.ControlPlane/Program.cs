using Orchestrator.Api;
using Orchestrator.Api.Endpoints;
using Orchestrator.Api.Lifecycle;
using Orchestrator.Cluster;
using Orchestrator.ControlPlane.Disruption;
using Orchestrator.ControlPlane.Hosting;
using Orchestrator.ControlPlane.Networking;
using Orchestrator.ControlPlane.Nodes;
using Orchestrator.ControlPlane.Pods;
using Orchestrator.ControlPlane.Scheduling;
using Orchestrator.ControlPlane.Workloads;
using Orchestrator.Store;

// A region's control-plane silo: an Orleans silo on the region's PostgreSQL, co-hosted with the API endpoints.
// Settings files sit beside the program, wherever it is started from.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions
{
    Args = args,
    ContentRootPath = AppContext.BaseDirectory,
});
var cluster = ControlPlaneConfiguration.ReadCluster(builder.Configuration);

builder.Services.AddSingleton(cluster);
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddSingleton<Readiness>();
builder.UseOrleans(silo => silo.UseRegionCluster(cluster));
builder.Services.AddHostedService<SiloStartRecorder>();
builder.Services.AddObjectStore(cluster.ConnectionString);
builder.Services.AddKubernetesApi();
builder.Services.AddCallerIdentity(ControlPlaneConfiguration.ReadDataDirectory(builder.Configuration));
builder.Services.AddHostedService<SystemNamespaces>();
builder.Services.AddNodeLifecycle(builder.Configuration);
builder.Services.AddWorkloadControllers();
builder.Services.AddPodGrains();
builder.Services.AddDefaultScheduler(builder.Configuration);
builder.Services.AddServiceNetworking(builder.Configuration);
builder.Services.AddDisruptionController();

var app = builder.Build();
await DatabaseMigration.ApplyAsync(
    cluster.ConnectionString, app.Services.GetRequiredService<ILoggerFactory>(), TimeSpan.FromSeconds(60),
    app.Lifetime.ApplicationStopping);

app.UseCallerIdentity();
app.MapHealthEndpoints();
app.MapKubernetesApi();
app.MapOpenApiDocuments();
await app.RunAsync();
