using System.Text.Json.Nodes;

namespace Orchestrator.ControlPlane.Networking;

/// <summary>
/// A Service's desired Endpoints object and EndpointSlices, as <see cref="EndpointsPlan"/> computes them.
/// </summary>
public sealed record ServiceEndpoints(JsonObject Endpoints, IReadOnlyList<JsonObject> Slices);
