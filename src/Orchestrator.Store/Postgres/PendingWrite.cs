using Npgsql;

namespace Orchestrator.Store.Postgres;

/// <summary>
/// One write waiting for the <see cref="StoreWriter"/>: a statement that answers one row
/// (<c>revision</c>, optionally <c>data</c> and <c>uid</c>) when it applied, and none when a precondition failed.
/// </summary>
internal sealed class PendingWrite(string sql, NpgsqlParameter[] parameters)
{
    public TaskCompletionSource<WriteOutcome> Completion { get; } =
        new(TaskCreationOptions.RunContinuationsAsynchronously);

    public NpgsqlBatchCommand ToCommand()
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var parameter in parameters)
        {
            command.Parameters.Add(parameter.Clone());
        }

        return command;
    }
}

/// <summary>What a write did: whether it applied and, if it did, the revision it was given.</summary>
internal readonly record struct WriteOutcome(bool Applied, long Revision, string? Json, Guid Uid)
{
    public static WriteOutcome NotApplied => new(false, 0, null, Guid.Empty);
}
