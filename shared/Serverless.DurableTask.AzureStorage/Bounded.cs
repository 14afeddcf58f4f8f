namespace Serverless.DurableTask.AzureStorage;

/// <summary>Runs storage calls in parallel with a cap: a thousand at once only queue up in the HTTP stack and the service.</summary>
internal static class Bounded
{
    public const int MaxParallelStorageCalls = 32;

    public static async Task ForEachAsync<T>(IReadOnlyCollection<T> items, Func<T, CancellationToken, Task> action, CancellationToken cancellationToken)
    {
        if (items.Count == 0)
        {
            return;
        }

        if (items.Count == 1)
        {
            await action(items.First(), cancellationToken).ConfigureAwait(false);
            return;
        }

        var options = new ParallelOptions { MaxDegreeOfParallelism = MaxParallelStorageCalls, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(items, options, async (item, ct) => await action(item, ct).ConfigureAwait(false)).ConfigureAwait(false);
    }
}
