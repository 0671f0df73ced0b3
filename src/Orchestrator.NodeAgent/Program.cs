// The node agent: an Orleans silo in the node role that runs its machine's pods through containerd.
// TODO: joining the region's cluster, registering the Node and the CRI client are not built yet; until then the
// process starts and answers /healthz only.
var builder = WebApplication.CreateBuilder(args);
var app = builder.Build();
app.MapGet("/healthz", () => Results.Text("ok"));
app.Run();
