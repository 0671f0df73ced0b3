namespace Orchestrator.Api.Tables;

/// <summary>
/// One column of a server-side Table; priority 1 columns are shown only by <c>kubectl get -o wide</c>.
/// </summary>
internal sealed record TableColumn(string Name, string Type, string Description, int Priority = 0, string Format = "");
