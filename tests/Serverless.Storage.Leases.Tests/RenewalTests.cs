using Azure.Storage.Blobs.Specialized;
using Microsoft.Extensions.Time.Testing;
using Serverless.Storage.Leases.Tests.TestSupport;
using Serverless.Testing;

namespace Serverless.Storage.Leases.Tests;

public sealed class RenewalTests(AzuriteFixture azurite) : LeaseTestBase(azurite)
{
    [Fact]
    public async Task Renewal_FirstAttemptHangs_IsAbandonedAndRetriedWhileTheLeaseStaysHeld()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var transport = new RenewalFaults(RenewalFault.HangFirst);
        var events = new RecordedEvents();
        await using var lease = await LeaseBlob(clock, transport).TryAcquireAsync(events, Cancel);
        Assert.NotNull(lease);

        await AdvanceUntilAsync(clock, () => transport.Succeeded >= 1, "a renewal after the hung one");

        Assert.Equal(1, transport.Abandoned);
        Assert.True(lease.IsHeld);
        Assert.False(lease.Lost.IsCancellationRequested);
        Assert.Equal(1, events.Count("RenewFailed"));
        Assert.Equal(0, events.Count("Lost"));
    }

    [Fact]
    public async Task Renewal_RefusedBecauseAnotherHostTookTheLease_FiresLostAndReleasesNothing()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var events = new RecordedEvents();
        var lease = await LeaseBlob(clock).TryAcquireAsync(events, Cancel);
        Assert.NotNull(lease);
        await Blob().GetBlobLeaseClient().BreakAsync(TimeSpan.Zero, cancellationToken: Cancel);
        var other = Blob().GetBlobLeaseClient();
        await other.AcquireAsync(Period, cancellationToken: Cancel);

        await AdvanceUntilAsync(clock, () => lease.Lost.IsCancellationRequested, "the lease to be lost");
        await lease.DisposeAsync();

        Assert.False(lease.IsHeld);
        Assert.Equal(1, events.Count("Lost"));
        Assert.Equal(0, events.Count("Released"));
        Assert.Null(await LeaseBlob(TimeProvider.System).TryAcquireAsync(new RecordedEvents(), Cancel));
        await other.ReleaseAsync(cancellationToken: Cancel);
    }

    [Fact]
    public async Task Renewal_FailsThroughoutThePeriod_LostBeforeThePeriodEnds()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var events = new RecordedEvents();
        var start = clock.GetTimestamp();
        await using var lease = await LeaseBlob(clock, new RenewalFaults(RenewalFault.FailAll)).TryAcquireAsync(events, Cancel);
        Assert.NotNull(lease);

        var heldUntilTheMargin = true;
        await AdvanceUntilAsync(clock, () =>
        {
            var elapsed = clock.GetElapsedTime(start);
            heldUntilTheMargin &= elapsed >= Period - LeaseTiming.SafetyMargin || lease.IsHeld;
            return lease.Lost.IsCancellationRequested;
        }, "the lease to be lost");

        Assert.True(heldUntilTheMargin, "the lease counted as lost while a renewal could still succeed");
        Assert.False(lease.IsHeld);
        Assert.True(clock.GetElapsedTime(start) < Period, $"lost only after {clock.GetElapsedTime(start)}");
        Assert.Equal(1, events.Count("Lost"));

        // Retried a second after each failure (5 s, 6 s, ... 13 s), not only at the next interval.
        Assert.True(events.Count("RenewFailed") >= 5, string.Join(" | ", events.All));
        Assert.Contains("test transport", events.All[^1], StringComparison.Ordinal);
    }
}
