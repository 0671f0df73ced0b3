using Orchestrator.NodeAgent.Node;
using Orchestrator.NodeAgent.Simulation;
using Orchestrator.NodeAgent.Streaming;

// The node agent: an Orleans silo in the node role that runs its machine's pods through containerd.
// TODO: joining the region's cluster is not built yet. When Simulation:NodeCount is above 0 the process hosts that many
// simulated nodes; otherwise, with NodeAgent:ContainerdSocket set, it registers this machine's Node and runs its pods.
var builder = WebApplication.CreateBuilder(args);
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddSimulatedNodes(builder.Configuration);
builder.Services.AddNodeAgent(builder.Configuration);
builder.WebHost.UseNodeAgentPort(builder.Configuration);

// A real agent (a containerd socket configured) serves kubelet's paths on NodeAgent:Port.
var realNode = !string.IsNullOrEmpty(builder.Configuration["NodeAgent:ContainerdSocket"]);
if (realNode)
{
    builder.Services.AddKubeletStreaming(builder.Configuration);
    var port = builder.Configuration.GetValue("NodeAgent:Port", 10250);
    builder.WebHost.UseUrls($"http://0.0.0.0:{port}");
}

var app = builder.Build();
app.MapGet("/healthz", () => Results.Text("ok"));
if (realNode)
{
    app.MapKubeletStreaming();
}

await app.RunAsync();
