using Orchestrator.Api.Server;

namespace Orchestrator.Api.Apply;

/// <summary>
/// The 409 an apply gets when it would change fields other owners own, worded as kube-apiserver words it.
/// </summary>
public static class ApplyConflicts
{
    public const string CauseReason = "FieldManagerConflict";

    public static ApiException ToException(IReadOnlyList<(ManagerKey Owner, FieldPath Path)> conflicts)
    {
        var ordered = conflicts.OrderBy(c => c.Owner.Identifier, StringComparer.Ordinal).ToList();
        var causes = ordered
            .Select(c => new StatusCause(CauseReason, $"conflict with {c.Owner.Display}", c.Path.ToString()))
            .ToList();
        return new ApiException(409, "Conflict", Message(ordered), new StatusDetails(Causes: causes));
    }

    private static string Message(List<(ManagerKey Owner, FieldPath Path)> conflicts)
    {
        if (conflicts.Count == 1)
        {
            return $"Apply failed with 1 conflict: conflict with {conflicts[0].Owner.Display}: {conflicts[0].Path}";
        }

        var lines = new List<string>();
        foreach (var owner in conflicts.GroupBy(c => c.Owner))
        {
            lines.Add($"conflicts with {owner.Key.Display}:");
            lines.AddRange(owner.Select(c => $"- {c.Path}"));
        }

        return $"Apply failed with {conflicts.Count} conflicts: {string.Join("\n", lines)}";
    }
}
