namespace Orchestrator.Gateway.Ingress;

/// <summary>One path of one Ingress rule: its host (null for any), path and whether it must match exactly.</summary>
public sealed record IngressRule(string? Host, string Path, bool Exact, IngressBackend Backend);
