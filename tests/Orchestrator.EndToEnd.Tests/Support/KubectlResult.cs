namespace Orchestrator.EndToEnd.Tests.Support;

/// <summary>What one kubectl run printed and how it exited.</summary>
internal sealed record KubectlResult(string Command, int ExitCode, string Output, string Error)
{
    /// <summary>Throws with everything kubectl printed unless it exited with 0.</summary>
    public KubectlResult Succeeded()
    {
        if (ExitCode != 0)
        {
            throw new AssertFailedException(
                $"`{Command}` exited with {ExitCode}.\nstdout:\n{Output}\nstderr:\n{Error}");
        }

        return this;
    }

    /// <summary>Throws unless kubectl failed and printed <paramref name="expected"/> on stderr.</summary>
    public KubectlResult FailedWith(string expected)
    {
        if (ExitCode == 0 || !Error.Contains(expected, StringComparison.Ordinal))
        {
            throw new AssertFailedException(
                $"`{Command}` should fail with \"{expected}\" but exited with {ExitCode}.\n" +
                $"stdout:\n{Output}\nstderr:\n{Error}");
        }

        return this;
    }
}
