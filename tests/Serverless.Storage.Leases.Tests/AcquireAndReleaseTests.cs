using Azure.Storage.Blobs.Models;
using Serverless.Storage.Leases.Tests.TestSupport;
using Serverless.Testing;

namespace Serverless.Storage.Leases.Tests;

public sealed class AcquireAndReleaseTests(AzuriteFixture azurite) : LeaseTestBase(azurite)
{
    [Fact]
    public async Task TryAcquireAsync_NoContainerYet_CreatesTheBlobAndHoldsItsLease()
    {
        var events = new RecordedEvents();

        await using var lease = await LeaseBlob(TimeProvider.System).TryAcquireAsync(events, Cancel);

        Assert.NotNull(lease);
        Assert.True(lease.IsHeld);
        Assert.False(lease.Lost.IsCancellationRequested);
        var properties = (await Blob().GetPropertiesAsync(cancellationToken: Cancel)).Value;
        Assert.Equal(LeaseState.Leased, properties.LeaseState);
        Assert.Equal(LeaseDurationType.Fixed, properties.LeaseDuration);
        Assert.Empty(events.All);
    }

    [Fact]
    public async Task TryAcquireAsync_HeldByAnotherHost_ReturnsNull()
    {
        await using var first = await LeaseBlob(TimeProvider.System).TryAcquireAsync(new RecordedEvents(), Cancel);

        var second = await LeaseBlob(TimeProvider.System).TryAcquireAsync(new RecordedEvents(), Cancel);

        Assert.NotNull(first);
        Assert.Null(second);
    }

    [Fact]
    public async Task StopAsync_Release_AnotherHostAcquiresAtOnce()
    {
        var events = new RecordedEvents();
        var first = await LeaseBlob(TimeProvider.System).TryAcquireAsync(events, Cancel);
        Assert.NotNull(first);

        await first.StopAsync(release: true);
        await using var second = await LeaseBlob(TimeProvider.System).TryAcquireAsync(new RecordedEvents(), Cancel);

        Assert.NotNull(second);
        Assert.Equal(["Released:"], events.All);
        await first.DisposeAsync();
        Assert.Equal(["Released:"], events.All);
    }

    [Fact]
    public async Task StopAsync_WithoutRelease_LeaseStaysTakenUntilItExpires()
    {
        var events = new RecordedEvents();
        var first = await LeaseBlob(TimeProvider.System).TryAcquireAsync(events, Cancel);
        Assert.NotNull(first);

        await first.StopAsync(release: false);
        await first.DisposeAsync();
        var second = await LeaseBlob(TimeProvider.System).TryAcquireAsync(new RecordedEvents(), Cancel);

        Assert.Null(second);
        Assert.Empty(events.All);
        Assert.Equal(LeaseState.Leased, (await Blob().GetPropertiesAsync(cancellationToken: Cancel)).Value.LeaseState);
    }
}
