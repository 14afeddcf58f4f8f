using Azure;
using Azure.Storage.Blobs.Specialized;
using Microsoft.Extensions.Logging;

namespace Serverless.Host.Timers.Storage;

/// <summary>
/// A held listener lease, renewed every third of its period (an attempt that takes longer than that is abandoned and
/// retried a second later). Lost when a renewal is refused (someone else took it) or when no renewal succeeded within
/// the period less a second of safety: then <see cref="Lost"/> fires and the
/// listener stops firing before another host can take over.
/// </summary>
internal sealed class BlobListenerLease : IListenerLease
{
    private static readonly TimeSpan SafetyMargin = TimeSpan.FromSeconds(1);

    private readonly BlobLeaseClient _lease;
    private readonly string _blobName;
    private readonly TimersOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _lost = new();
    private readonly CancellationTokenSource _disposing = new();
    private readonly Task _renewal;
    private long _lastRenewed;

    public BlobListenerLease(BlobLeaseClient lease, string blobName, long acquiredTimestamp, TimersOptions options, TimeProvider time, ILogger logger)
    {
        _lease = lease;
        _blobName = blobName;
        _options = options;
        _time = time;
        _logger = logger;
        _lastRenewed = acquiredTimestamp;
        _renewal = Task.Run(RenewLoopAsync);
    }

    public CancellationToken Lost => _lost.Token;

    public bool IsHeld => !_lost.IsCancellationRequested &&
        _time.GetElapsedTime(Interlocked.Read(ref _lastRenewed)) < _options.ListenerLockPeriod - SafetyMargin;

    public async ValueTask DisposeAsync()
    {
        await _disposing.CancelAsync().ConfigureAwait(false);
        await _renewal.ConfigureAwait(false);
        if (!_lost.IsCancellationRequested)
        {
            try
            {
                await _lease.ReleaseAsync().ConfigureAwait(false);
                Log.LockReleased(_logger, _blobName);
            }
            catch (RequestFailedException ex)
            {
                Log.LockReleaseFailed(_logger, _blobName, ex.Message);
            }
        }

        _lost.Dispose();
        _disposing.Dispose();
    }

    private async Task RenewLoopAsync()
    {
        var token = _disposing.Token;
        var delay = _options.RenewalInterval;
        while (!token.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(delay, _time, token).ConfigureAwait(false);
                var requested = _time.GetTimestamp();

                // One attempt may take at most a renewal interval: a request stuck in the transport must not use up the
                // lease period, it is abandoned and tried again while the lease still runs.
                using (var attempt = new CancellationTokenSource(_options.RenewalInterval, _time))
                using (var linked = CancellationTokenSource.CreateLinkedTokenSource(token, attempt.Token))
                {
                    await _lease.RenewAsync(cancellationToken: linked.Token).ConfigureAwait(false);
                }

                Interlocked.Exchange(ref _lastRenewed, requested);
                delay = _options.RenewalInterval;
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
                return;
            }
            catch (RequestFailedException ex) when (ex.Status is 409 or 412 or 404)
            {
                Log.LockLost(_logger, _blobName, ex.ErrorCode ?? ex.Status.ToString(System.Globalization.CultureInfo.InvariantCulture));
                await _lost.CancelAsync().ConfigureAwait(false);
                return;
            }
            catch (Exception ex)
            {
                if (!IsHeld)
                {
                    Log.LockLost(_logger, _blobName, ex.Message);
                    await _lost.CancelAsync().ConfigureAwait(false);
                    return;
                }

                // A passing storage error (or the client's own timeout): try again soon, while the lease still runs.
                Log.LockRenewFailed(_logger, _blobName, ex.Message);
                delay = TimeSpan.FromSeconds(1);
            }
        }
    }
}
