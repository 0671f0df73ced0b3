namespace Orchestrator.EndToEnd.Tests.Support;

/// <summary>The kubectl releases every scenario runs with: the one users have, and its neighbours.</summary>
internal static class KubectlVersions
{
    public const string Current = "1.32";
    public const string Old = "1.27";
    public const string Newer = "1.33";

    /// <summary>A name unique to a kubectl version, so the versions' runs never collide.</summary>
    public static string Name(string prefix, string version) =>
        $"{prefix}-v{version.Replace(".", "", StringComparison.Ordinal)}";
}
