namespace Orchestrator.Store.Objects;

/// <summary>Conditions a deletion must meet, checked by the database in the deleting statement.</summary>
public sealed record DeletePreconditions(Guid? Uid = null, long? Revision = null);
