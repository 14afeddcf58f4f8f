using Azure.Core.Pipeline;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Specialized;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Serverless.Host.Timers.Storage;
using Serverless.Testing;

namespace Serverless.Host.Timers.Tests.Integration;

/// <summary>A renewal request that hangs must not use up the listener lease: it is abandoned and tried again.</summary>
public sealed class ListenerLeaseRenewalTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Renewal_FirstRequestHangs_IsRetriedAndTheLeaseStaysHeld()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var transport = new RenewalFaults(RenewalFault.HangFirst);
        var options = new BlobClientOptions { Transport = new HttpClientTransport(new HttpClient(transport)) };
        options.Retry.MaxRetries = 0;
        var container = new BlobContainerClient(azurite.ConnectionString, AzuriteFixture.UniqueName("leases"), options);
        await container.CreateAsync(cancellationToken: TestContext.Current.CancellationToken);
        var blob = container.GetBlobClient("lock");
        await blob.UploadAsync(BinaryData.FromString(string.Empty), TestContext.Current.CancellationToken);
        var leaseClient = blob.GetBlobLeaseClient();
        await leaseClient.AcquireAsync(TimeSpan.FromSeconds(15), cancellationToken: TestContext.Current.CancellationToken);

        await using var lease = new BlobListenerLease(leaseClient, "lock", time.GetTimestamp(), new TimersOptions(), time, NullLogger.Instance);

        // Move the fake clock in small steps until the loop has given up on the hung request and renewed again.
        await Poll.UntilAsync(() =>
        {
            time.Advance(TimeSpan.FromMilliseconds(250));
            return transport.Succeeded >= 1;
        }, "a renewal after the hung one");

        Assert.Equal(1, transport.Abandoned);
        Assert.True(lease.IsHeld);
        Assert.False(lease.Lost.IsCancellationRequested);
    }
}
