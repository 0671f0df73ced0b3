namespace Orchestrator.Store.Errors;

/// <summary>The base of every error the object store reports on purpose; the API maps each to a Status.</summary>
public abstract class StoreException : Exception
{
    protected StoreException(string message)
        : base(message)
    {
    }
}
