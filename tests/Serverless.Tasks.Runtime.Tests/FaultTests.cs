using Azure.Core;
using Microsoft.Extensions.DependencyInjection;
using Serverless.Tasks.Runtime.Tests.TestSupport;
using Serverless.Testing;

namespace Serverless.Tasks.Runtime.Tests;

/// <summary>Storage failing or changing under the dispatcher (injected in the SDK pipeline): it keeps going.</summary>
public sealed class FaultTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task SlotLease_RenewalThrowsAggregateException_KeepsRenewingAndReleasesOnDispose()
    {
        var prefix = TaskHost.NewPrefix();
        var renewals = 0;
        var releases = 0;
        var policy = new FaultPolicy
        {
            Before = m =>
            {
                var action = m.Request.Headers.TryGetValue("x-ms-lease-action", out var a) ? a : null;
                if (action == "release")
                {
                    Interlocked.Increment(ref releases);
                }

                return action == "renew" && Interlocked.Increment(ref renewals) == 1 ? FaultPolicy.NetworkDown() : null;
            },
        };
        var storage = policy.Storage(azurite.ConnectionString, prefix);
        await storage.Blobs.GetBlobContainerClient(storage.Names.Container).CreateIfNotExistsAsync();
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UtcNow);
        var slots = new ConcurrencySlots(storage, time, Microsoft.Extensions.Logging.Abstractions.NullLogger<ConcurrencySlots>.Instance);

        var lease = await slots.TryAcquireAsync("t", 1, CancellationToken.None);
        Assert.NotNull(lease);
        time.Advance(ConcurrencySlots.RenewInterval);
        await Poll.UntilAsync(() => Task.FromResult(Volatile.Read(ref renewals) >= 1), "the first (failing) renewal");
        // The loop must still be alive: the next interval renews again.
        await Poll.UntilAsync(() =>
        {
            time.Advance(TimeSpan.FromMilliseconds(500));
            return Task.FromResult(Volatile.Read(ref renewals) >= 2);
        }, "a renewal after the failed one");
        await lease!.DisposeAsync();

        Assert.Equal(1, Volatile.Read(ref releases));
        await using var again = await slots.TryAcquireAsync("t", 1, CancellationToken.None);
        Assert.NotNull(again);
    }

    [Fact]
    public async Task Worker_RecordChangesBetweenReadAndClaim_ClaimsAgainAtOnce()
    {
        var prefix = TaskHost.NewPrefix();
        var plain = new TaskRunStore(TaskStorage.FromConnectionString(azurite.ConnectionString, prefix), TimeProvider.System);
        var changed = 0;
        var policy = new FaultPolicy
        {
            After = async m =>
            {
                if (m.Request.Method == RequestMethod.Get && m.Request.Uri.Path.Contains("Runs(PartitionKey=", StringComparison.Ordinal)
                    && Interlocked.Exchange(ref changed, 1) == 0)
                {
                    // What the enqueueing client does right after its send: clear Held (a new ETag) under the worker's feet.
                    var runId = Uri.UnescapeDataString(m.Request.Uri.Path.Split('\'')[1]);
                    await plain.UpdateAsync(runId, c => c with { Held = false }, CancellationToken.None);
                }
            },
        };
        var storage = policy.Storage(azurite.ConnectionString, prefix);
        var started = new TaskCompletionSource();
        var task = TestTasks.Define("quick", (_, _, _) =>
        {
            started.TrySetResult();
            return Task.FromResult<object?>(null);
        });
        await using var host = await TaskHost.Create(azurite, prefix, [task], services: s => s.AddSingleton(storage)).StartAsync();

        await host.Client.EnqueueAsync("quick");

        // A conflict that left the message alone would start the run only after the pump's 1 minute visibility.
        await started.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(1, Volatile.Read(ref changed));
    }
}
