namespace Orchestrator.Testing;

/// <summary>Waits for a condition with a deadline, and says on timeout what it waited for.</summary>
public static class Eventually
{
    /// <summary>
    /// Calls <paramref name="attempt"/> until it returns a value without throwing; rethrows the last failure, with
    /// <paramref name="what"/>, once <paramref name="timeout"/> has passed.
    /// </summary>
    public static async Task<T> SucceedsAsync<T>(string what, TimeSpan timeout, Func<Task<T>> attempt)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            try
            {
                return await attempt();
            }
            catch (Exception) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(200);
            }
            catch (Exception error)
            {
                throw new TimeoutException($"Timed out after {timeout.TotalSeconds:0}s waiting for {what}", error);
            }
        }
    }

    /// <summary>Waits until <paramref name="condition"/> holds; fails naming <paramref name="what"/>.</summary>
    public static async Task HoldsAsync(string what, TimeSpan timeout, Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!await condition())
        {
            if (DateTime.UtcNow >= deadline)
            {
                throw new TimeoutException($"Timed out after {timeout.TotalSeconds:0}s waiting for {what}");
            }

            await Task.Delay(200);
        }
    }
}
