namespace Orchestrator.ControlPlane.Hosting;

/// <summary>Whether this control-plane process should get traffic: ready once started, not while stopping.</summary>
public sealed class Readiness
{
    private volatile bool _ready;

    public bool IsReady => _ready;

    public void MarkReady() => _ready = true;

    public void MarkStopping() => _ready = false;
}
