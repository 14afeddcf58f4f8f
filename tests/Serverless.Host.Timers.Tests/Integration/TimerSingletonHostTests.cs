using System.Collections.Concurrent;
using Azure.Storage.Blobs.Specialized;
using Serverless.Testing;

namespace Serverless.Host.Timers.Tests.Integration;

public sealed class TimerSingletonHostTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task TwoHosts_OneSecondTimer_OnlyTheHolderFiresAndTheOtherTakesOverWhenItStops()
    {
        var hostId = TimerHost.UniqueHostId();
        var calls = new ConcurrentQueue<TimerCall>();
        var counter = new SharedCounter();
        var a = await TimerHost.StartAsync(azurite, typeof(SingletonFunction), hostId, calls, "a", counter: counter);
        await using var b = await TimerHost.StartAsync(azurite, typeof(SingletonFunction), hostId, calls, "b", counter: counter);
        var aDisposed = false;
        try
        {
            await Poll.UntilAsync(() => calls.Count >= 4, "four invocations", TimeSpan.FromSeconds(15));
            var holder = calls.First().Host;
            Assert.All(calls, c => Assert.Equal(holder, c.Host));

            // Stop the holder: it releases the lease and the other host takes the schedule over.
            var stopped = holder == "a" ? a : b;
            var stopRequested = DateTime.UtcNow;
            await stopped.StopAsync();
            var stoppedAt = DateTime.UtcNow;
            await Poll.UntilAsync(() => calls.Count(c => c.Host != holder) >= 2, "two invocations on the other host", TimeSpan.FromSeconds(15));

            var ordered = calls.ToArray();
            Assert.All(ordered.Where(c => c.Host == holder), c => Assert.True(c.At < stoppedAt));
            Assert.All(ordered.Where(c => c.Host != holder), c => Assert.True(c.At > stopRequested));
            Assert.True(ordered.Where(c => c.Host == holder).Max(c => c.At) < ordered.Where(c => c.Host != holder).Min(c => c.At));
            if (stopped == a)
            {
                await a.DisposeAsync();
                aDisposed = true;
            }
        }
        finally
        {
            if (!aDisposed)
            {
                await a.DisposeAsync();
            }
        }

        // One invocation per occurrence (second), never two at once across the hosts.
        var seconds = calls.Select(c => new DateTime(c.At.Ticks - (c.At.Ticks % TimeSpan.TicksPerSecond))).ToArray();
        Assert.Equal(seconds.Length, seconds.Distinct().Count());
        Assert.Equal(1, counter.MaxRunning);
    }

    [Fact]
    public async Task LeaseHeldByADeadHost_HostFiresOnlyAfterTheLeaseExpires()
    {
        var hostId = TimerHost.UniqueHostId();
        var container = azurite.BlobService.GetBlobContainerClient("azure-webjobs-hosts");
        await container.CreateIfNotExistsAsync();
        var lockBlob = container.GetBlobClient($"locks/{hostId}/Host.Functions.Singleton.Listener");
        await lockBlob.UploadAsync(BinaryData.Empty);

        // A host that took the lease and died: 15 s, never renewed.
        await lockBlob.GetBlobLeaseClient().AcquireAsync(TimeSpan.FromSeconds(15));
        var leased = DateTime.UtcNow;
        var calls = new ConcurrentQueue<TimerCall>();
        await using var host = await TimerHost.StartAsync(azurite, typeof(SingletonFunction), hostId, calls);

        await Poll.UntilAsync(() => !calls.IsEmpty, "an invocation after the dead host's lease expired", TimeSpan.FromSeconds(30));

        Assert.True(calls.First().At - leased >= TimeSpan.FromSeconds(14), $"fired {calls.First().At - leased} after the lease was taken");
    }
}
