using Azure.Core.Pipeline;
using Azure.Storage.Blobs;
using Microsoft.Extensions.Time.Testing;
using Serverless.Testing;

namespace Serverless.Storage.Leases.Tests;

/// <summary>Lease blobs in a container of their own on the test Azurite, with a 15 s lease renewed every 5 s.</summary>
public abstract class LeaseTestBase(AzuriteFixture azurite)
{
    internal static readonly TimeSpan Period = TimeSpan.FromSeconds(15);

    internal static readonly TimeSpan RenewalInterval = TimeSpan.FromSeconds(5);

    internal string ContainerName { get; } = AzuriteFixture.UniqueName("leases");

    internal static CancellationToken Cancel => TestContext.Current.CancellationToken;

    internal BlobClient Blob(RenewalFaults? transport = null)
    {
        var options = new BlobClientOptions();
        if (transport is not null)
        {
            options.Transport = new HttpClientTransport(new HttpClient(transport));
        }

        options.Retry.MaxRetries = 0;
        return new BlobContainerClient(azurite.ConnectionString, ContainerName, options).GetBlobClient("lock");
    }

    internal LeaseBlob LeaseBlob(TimeProvider clock, RenewalFaults? transport = null) =>
        new(Blob(transport), new LeaseTiming(Period, RenewalInterval, clock));

    /// <summary>Moves the fake clock in small steps until <paramref name="condition"/> holds.</summary>
    internal static Task AdvanceUntilAsync(FakeTimeProvider clock, Func<bool> condition, string what) =>
        Poll.UntilAsync(() =>
        {
            if (condition())
            {
                return true;
            }

            clock.Advance(TimeSpan.FromMilliseconds(250));
            return false;
        }, what);
}
