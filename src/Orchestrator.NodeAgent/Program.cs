using Orchestrator.NodeAgent.Node;
using Orchestrator.NodeAgent.Simulation;
using Orchestrator.NodeAgent.Streaming;

// The node agent: runs its machine's pods through containerd. When Simulation:NodeCount is above 0 the process hosts
// that many simulated nodes; otherwise, with NodeAgent:ContainerdSocket set, it registers this machine's Node, runs
// its pods and serves kubelet's paths (logs, exec, attach, port-forward) on NodeAgent:Port.
// TODO: the agent talks to the region's store directly; joining the region's Orleans cluster in the node role, with
// the node's grain placed on it, is not built yet.
var builder = WebApplication.CreateBuilder(args);
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddSimulatedNodes(builder.Configuration);
builder.Services.AddNodeAgent(builder.Configuration);
builder.WebHost.UseNodeAgentPort(builder.Configuration);

var realNode = NodeAgentServiceCollectionExtensions.IsEnabled(builder.Configuration);
if (realNode)
{
    builder.Services.AddKubeletStreaming(builder.Configuration);
}

var app = builder.Build();
app.MapGet("/healthz", () => Results.Text("ok"));
if (realNode)
{
    app.MapKubeletStreaming();
}

await app.RunAsync();
