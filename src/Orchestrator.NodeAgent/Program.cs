using Orchestrator.NodeAgent.Simulation;

// The node agent: an Orleans silo in the node role that runs its machine's pods through containerd.
// TODO: joining the region's cluster, registering a real Node and the CRI client are not built yet; until then the
// process answers /healthz and, when Simulation:NodeCount is above 0, hosts that many simulated nodes.
var builder = WebApplication.CreateBuilder(args);
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddSimulatedNodes(builder.Configuration);

var app = builder.Build();
app.MapGet("/healthz", () => Results.Text("ok"));
await app.RunAsync();
