namespace Serverless.Testing;

/// <summary>Waits for a condition by polling with a deadline: the way tests wait for work, never a fixed sleep.</summary>
public static class Poll
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    public static async Task UntilAsync(Func<bool> condition, string what, TimeSpan? timeout = null)
    {
        await UntilAsync(() => Task.FromResult(condition()), what, timeout);
    }

    public static async Task UntilAsync(Func<Task<bool>> condition, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? DefaultTimeout);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Timed out after {timeout ?? DefaultTimeout} waiting for: {what}");
            }

            await Task.Delay(20);
        }
    }

    public static async Task<T> ForValueAsync<T>(Func<Task<T?>> probe, string what, TimeSpan? timeout = null)
        where T : class
    {
        T? value = null;
        await UntilAsync(async () => (value = await probe()) is not null, what, timeout);
        return value!;
    }
}
