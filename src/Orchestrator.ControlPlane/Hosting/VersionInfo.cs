using System.Reflection;
using System.Runtime.InteropServices;

namespace Orchestrator.ControlPlane.Hosting;

/// <summary>The body of <c>/version</c>: the Kubernetes API version served and this build's own version.</summary>
public sealed record VersionInfo(
    string Major, string Minor, string GitVersion, string GitCommit, string GitTreeState, string BuildDate,
    string GoVersion, string Compiler, string Platform)
{
    public static VersionInfo Current { get; } = Create();

    private static VersionInfo Create()
    {
        var build = typeof(VersionInfo).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()
            ?.InformationalVersion ?? "0.1.0";
        var platform = $"linux/{RuntimeInformation.OSArchitecture}".ToLowerInvariant()
            .Replace("x64", "amd64", StringComparison.Ordinal);
        return new VersionInfo(
            "1", "32", "v1.32.0+orchestrator", build, "clean", "1970-01-01T00:00:00Z",
            Environment.Version.ToString(), "dotnet", platform);
    }
}
