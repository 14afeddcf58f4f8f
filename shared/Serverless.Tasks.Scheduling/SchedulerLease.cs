using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using Microsoft.Extensions.Logging;

namespace Serverless.Tasks.Scheduling;

/// <summary>
/// The scheduler's leader lease: a blob lease on <c>{Container}/scheduler</c>. <see cref="TryAcquireAsync"/> returns a
/// held lease or null when another host holds it.
/// </summary>
internal sealed class SchedulerLeaseBlob(BlobContainerClient container, SchedulerSettings settings, ILogger logger)
{
    public const string BlobName = "scheduler";

    private bool _blobExists;

    public string Name => $"{container.Name}/{BlobName}";

    public async Task<SchedulerLease?> TryAcquireAsync(CancellationToken cancellationToken)
    {
        var blob = container.GetBlobClient(BlobName);
        if (!_blobExists)
        {
            await container.CreateIfNotExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
            try
            {
                var conditions = new BlobRequestConditions { IfNoneMatch = ETag.All };
                await blob.UploadAsync(BinaryData.Empty, new BlobUploadOptions { Conditions = conditions }, cancellationToken).ConfigureAwait(false);
            }
            catch (RequestFailedException ex) when (ex.Status is 409 or 412)
            {
                // Another host created it first (and may hold its lease).
            }

            _blobExists = true;
        }

        var lease = blob.GetBlobLeaseClient(Guid.NewGuid().ToString());
        var requested = settings.LeaseClock.GetTimestamp();
        try
        {
            await lease.AcquireAsync(settings.LeasePeriod, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            return null;
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            _blobExists = false;
            throw;
        }

        return new SchedulerLease(lease, Name, requested, settings, logger);
    }
}

/// <summary>
/// A held scheduler lease, renewed every <see cref="SchedulerSettings.RenewalInterval"/> (an attempt is abandoned after
/// one interval and retried). <see cref="Lost"/> fires when a renewal is refused or none succeeded within the period less
/// a second, so this host stops firing before another can take over.
/// </summary>
internal sealed class SchedulerLease : IAsyncDisposable
{
    private static readonly TimeSpan SafetyMargin = TimeSpan.FromSeconds(1);

    private readonly BlobLeaseClient _lease;
    private readonly string _name;
    private readonly SchedulerSettings _settings;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _lost = new();
    private readonly CancellationTokenSource _disposing = new();
    private readonly Task _renewal;
    private long _lastRenewed;

    public SchedulerLease(BlobLeaseClient lease, string name, long acquiredTimestamp, SchedulerSettings settings, ILogger logger)
    {
        _lease = lease;
        _name = name;
        _settings = settings;
        _logger = logger;
        _lastRenewed = acquiredTimestamp;
        _renewal = Task.Run(RenewLoopAsync);
    }

    public CancellationToken Lost => _lost.Token;

    public bool IsHeld => !_lost.IsCancellationRequested &&
        _settings.LeaseClock.GetElapsedTime(Interlocked.Read(ref _lastRenewed)) < _settings.LeasePeriod - SafetyMargin;

    /// <summary>Stops renewing and, when <paramref name="release"/>, releases the lease so another host takes over at once.</summary>
    public async ValueTask StopAsync(bool release)
    {
        if (_disposing.IsCancellationRequested)
        {
            return;
        }

        await _disposing.CancelAsync().ConfigureAwait(false);
        await _renewal.ConfigureAwait(false);
        if (release && !_lost.IsCancellationRequested)
        {
            try
            {
                await _lease.ReleaseAsync().ConfigureAwait(false);
                Log.LeaseReleased(_logger, _name);
            }
            catch (RequestFailedException ex)
            {
                Log.LeaseReleaseFailed(_logger, _name, ex.Message);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(release: true).ConfigureAwait(false);
        _lost.Dispose();
        _disposing.Dispose();
    }

    private async Task RenewLoopAsync()
    {
        var token = _disposing.Token;
        var clock = _settings.LeaseClock;
        var delay = _settings.RenewalInterval;
        while (!token.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(delay, clock, token).ConfigureAwait(false);
                var requested = clock.GetTimestamp();
                using (var attempt = new CancellationTokenSource(_settings.RenewalInterval, clock))
                using (var linked = CancellationTokenSource.CreateLinkedTokenSource(token, attempt.Token))
                {
                    await _lease.RenewAsync(cancellationToken: linked.Token).ConfigureAwait(false);
                }

                Interlocked.Exchange(ref _lastRenewed, requested);
                delay = _settings.RenewalInterval;
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
                return;
            }
            catch (RequestFailedException ex) when (ex.Status is 409 or 412 or 404)
            {
                Log.LeaseLost(_logger, _name, ex.ErrorCode ?? ex.Status.ToString(System.Globalization.CultureInfo.InvariantCulture));
                await _lost.CancelAsync().ConfigureAwait(false);
                return;
            }
            catch (Exception ex)
            {
                if (!IsHeld)
                {
                    Log.LeaseLost(_logger, _name, ex.Message);
                    await _lost.CancelAsync().ConfigureAwait(false);
                    return;
                }

                // A passing storage error or an abandoned attempt: try again soon, while the lease still runs.
                Log.LeaseRenewFailed(_logger, _name, ex.Message);
                delay = TimeSpan.FromSeconds(1);
            }
        }
    }
}
