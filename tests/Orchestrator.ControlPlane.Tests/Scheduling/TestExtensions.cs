namespace Orchestrator.ControlPlane.Tests.Scheduling;

/// <summary>Lets a table entry adjust a fixture inline.</summary>
internal static class TestExtensions
{
    public static T Also<T>(this T value, Action<T> adjust)
    {
        adjust(value);
        return value;
    }
}
