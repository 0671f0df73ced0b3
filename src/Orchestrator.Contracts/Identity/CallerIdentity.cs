namespace Orchestrator.Contracts.Identity;

/// <summary>
/// Who made a request, as the gateway authenticated it: a Kubernetes user name and the groups it belongs to.
/// </summary>
/// <param name="User">The user name, for example <c>admin</c> or <c>system:anonymous</c>.</param>
/// <param name="Groups">The groups, in the order the authenticator gave them.</param>
public sealed record CallerIdentity(string User, IReadOnlyList<string> Groups)
{
    /// <summary>The caller that presented no credentials, as kube-apiserver names it.</summary>
    public static CallerIdentity Anonymous { get; } = new("system:anonymous", ["system:unauthenticated"]);

    /// <summary>True when the caller is a member of <paramref name="group"/>.</summary>
    public bool IsInGroup(string group) => Groups.Contains(group, StringComparer.Ordinal);

    /// <summary>Equal when the user and the groups, in order, are equal.</summary>
    public bool Equals(CallerIdentity? other) =>
        other is not null && User == other.User && Groups.SequenceEqual(other.Groups, StringComparer.Ordinal);

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(User, StringComparer.Ordinal);
        foreach (var group in Groups)
        {
            hash.Add(group, StringComparer.Ordinal);
        }

        return hash.ToHashCode();
    }
}
