using System.Diagnostics;

namespace Serverless.Benchmarks;

/// <summary>Polls a condition at a fixed interval until it holds or a deadline passes (then fails naming what it waited for).</summary>
internal static class Wait
{
    /// <summary>Returns when <paramref name="condition"/> first held (UTC, read right after the check); <paramref name="what"/> names it in the timeout.</summary>
    public static async Task<DateTime> UntilAsync(Func<Task<bool>> condition, TimeSpan interval, TimeSpan timeout, Func<string> what, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            if (await condition())
            {
                return DateTime.UtcNow;
            }

            if (clock.Elapsed > timeout)
            {
                throw new TimeoutException($"Waited {timeout.TotalSeconds:0} s for {what()}.");
            }

            await Task.Delay(interval, cancellationToken);
        }
    }
}
