namespace Orchestrator.EndToEnd.Tests.Support;

/// <summary>Where the built programs of the repository are, found from the test assembly's own location.</summary>
internal static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    /// <summary>The build configuration the tests were built with (Release in CI).</summary>
    public static string Configuration { get; } =
        AppContext.BaseDirectory.Contains("/Debug/", StringComparison.Ordinal) ? "Debug" : "Release";

    /// <summary>The main assembly of a program under <c>src/</c>, as built next to the tests.</summary>
    public static string Program(string project) =>
        Path.Combine(Root, "src", project, "bin", Configuration, "net10.0", project + ".dll");

    private static string FindRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Orchestrator.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName
            ?? throw new InvalidOperationException($"No Orchestrator.sln above {AppContext.BaseDirectory}");
    }
}
