// The gateway: the one public endpoint of every region.
// TODO: TLS, authentication and YARP forwarding of the Kubernetes API to the regions' control planes are not built
// yet; until then the process starts and answers /healthz only.
var builder = WebApplication.CreateBuilder(args);
var app = builder.Build();
app.MapGet("/healthz", () => Results.Text("ok"));
app.Run();
