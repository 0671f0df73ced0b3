using Orchestrator.Gateway.Hosting;

// The gateway: the one public HTTPS endpoint of a region, forwarding the Kubernetes API to its control planes.
var app = GatewayApplication.Build(args);
await app.RunAsync();
