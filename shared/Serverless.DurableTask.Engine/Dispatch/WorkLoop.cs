using Microsoft.Extensions.Logging;

namespace Serverless.DurableTask.Engine.Dispatch;

/// <summary>
/// One receive loop feeding up to <c>concurrency</c> handlers: a permit is taken before each receive, so the loop never
/// locks more work than it can run. Stopping ends the receive loop and waits for running handlers.
/// </summary>
internal sealed class WorkLoop<T>(
    string name,
    int concurrency,
    Func<CancellationToken, Task<T?>> receive,
    Func<T, Task> handle,
    TimeProvider time,
    ILogger logger)
    where T : class
{
    private readonly SemaphoreSlim _permits = new(concurrency, concurrency);

    public async Task RunAsync(CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                await _permits.WaitAsync(stopping).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                break;
            }

            T? item;
            try
            {
                item = await receive(stopping).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                _permits.Release();
                break;
            }
#pragma warning disable CA1031 // A storage hiccup must not end the loop: log, back off, retry.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                _permits.Release();
                Log.ReceiveFailed(logger, name, ex);
                await DelayQuietly(TimeSpan.FromSeconds(1), stopping).ConfigureAwait(false);
                continue;
            }

            if (item is null)
            {
                _permits.Release();
                continue;
            }

            _ = Task.Run(async () =>
            {
                try
                {
                    await handle(item).ConfigureAwait(false);
                }
                finally
                {
                    _permits.Release();
                }
            }, CancellationToken.None);
        }
    }

    /// <summary>Waits until every running handler has finished, or the token fires.</summary>
    public async Task DrainAsync(CancellationToken cancellationToken)
    {
        for (var i = 0; i < concurrency; i++)
        {
            await _permits.WaitAsync(cancellationToken).ConfigureAwait(false);
        }

        _permits.Release(concurrency);
    }

    private async Task DelayQuietly(TimeSpan delay, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(delay, time, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }
}
