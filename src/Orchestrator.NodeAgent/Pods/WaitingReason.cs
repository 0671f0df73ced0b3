namespace Orchestrator.NodeAgent.Pods;

/// <summary>Why a container waits, as its status' <c>state.waiting</c> says it.</summary>
public sealed record WaitingReason(string Reason, string Message);
