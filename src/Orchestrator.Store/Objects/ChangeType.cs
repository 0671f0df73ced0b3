namespace Orchestrator.Store.Objects;

/// <summary>What a change did to an object, as the change log records it.</summary>
public enum ChangeType : short
{
    Added = 1,
    Modified = 2,
    Deleted = 3,
}
