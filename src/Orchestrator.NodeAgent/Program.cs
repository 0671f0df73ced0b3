using Orchestrator.NodeAgent.Node;
using Orchestrator.NodeAgent.Simulation;

// The node agent: an Orleans silo in the node role that runs its machine's pods through containerd.
// TODO: joining the region's cluster is not built yet. When Simulation:NodeCount is above 0 the process hosts that many
// simulated nodes; otherwise, with NodeAgent:ContainerdSocket set, it registers this machine's Node and runs its pods.
var builder = WebApplication.CreateBuilder(args);
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddSimulatedNodes(builder.Configuration);
builder.Services.AddNodeAgent(builder.Configuration);
builder.WebHost.UseNodeAgentPort(builder.Configuration);

var app = builder.Build();
app.MapGet("/healthz", () => Results.Text("ok"));
await app.RunAsync();
