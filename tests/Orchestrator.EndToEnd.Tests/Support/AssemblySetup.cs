namespace Orchestrator.EndToEnd.Tests.Support;

/// <summary>Starts the stack before the first test and stops it after the last.</summary>
[TestClass]
public static class AssemblySetup
{
    [AssemblyInitialize]
    public static Task StartAsync(TestContext context) => ApiStack.StartAsync();

    [AssemblyCleanup]
    public static Task StopAsync() => ApiStack.StopAsync();
}
