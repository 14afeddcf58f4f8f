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
        var transport = new HangFirstRenewal();
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

    /// <summary>Passes requests to Azurite, but holds the first lease renewal until its caller gives up on it.</summary>
    private sealed class HangFirstRenewal() : DelegatingHandler(new SocketsHttpHandler())
    {
        private int _renewals;
        private int _abandoned;
        private int _succeeded;

        public int Abandoned => Volatile.Read(ref _abandoned);

        public int Succeeded => Volatile.Read(ref _succeeded);

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var renewal = request.Headers.TryGetValues("x-ms-lease-action", out var actions) && actions.Contains("renew");
            if (renewal && Interlocked.Increment(ref _renewals) == 1)
            {
                try
                {
                    await Task.Delay(Timeout.Infinite, cancellationToken);
                }
                finally
                {
                    Interlocked.Increment(ref _abandoned);
                }
            }

            var response = await base.SendAsync(request, cancellationToken);
            if (renewal && response.IsSuccessStatusCode)
            {
                Interlocked.Increment(ref _succeeded);
            }

            return response;
        }
    }
}
