using Azure.Storage.Blobs.Specialized;
using Microsoft.Extensions.Time.Testing;
using Serverless.Tasks.Scheduling.Tests.TestSupport;
using Serverless.Testing;

namespace Serverless.Tasks.Scheduling.Tests;

/// <summary>Several hosts on one storage account: one fires at a time (blob lease), another takes over when it goes.</summary>
public sealed class LeaderElectionTests(AzuriteFixture azurite)
{
    private static readonly DateTimeOffset T0 = TestTasks.Start;
    private readonly FakeTimeProvider _time = new(T0);
    private readonly RecordingTaskClient _tasks = new();
    private readonly string _prefix = SchedulerHost.NewPrefix();
    private readonly TaskCatalog _catalog = TestTasks.Catalog(
        TestTasks.Define("a", TaskTrigger.Every(TimeSpan.FromSeconds(10))),
        TestTasks.Define("b", TaskTrigger.Every(TimeSpan.FromSeconds(15))));

    private SchedulerHost Host() => new(azurite, _prefix, _catalog, _time, _tasks);

    [Fact]
    public async Task TwoSchedulers_OnlyTheLeaseHolderFires_EachFireTimeOnce()
    {
        await using var first = Host();
        await using var second = Host();
        await first.StartAsync();
        await second.StartAsync();
        await Poll.UntilAsync(() => first.Scheduler.IsLeader || second.Scheduler.IsLeader, "one scheduler to lead");
        var (leader, follower) = first.Scheduler.IsLeader ? (first, second) : (second, first);

        for (var i = 0; i < 6; i++)
        {
            await leader.AdvanceToWakeAsync();
        }

        Assert.False(follower.Scheduler.IsLeader);
        var runIds = _tasks.Enqueues.Select(e => e.RunId).ToList();
        Assert.Equal(runIds.Distinct().Order(StringComparer.Ordinal),
            ["a@20260101T000010000Z", "a@20260101T000020000Z", "a@20260101T000030000Z", "a@20260101T000040000Z",
             "b@20260101T000015000Z", "b@20260101T000030000Z", "b@20260101T000045000Z"]);
        Assert.Equal(runIds.Count, runIds.Distinct().Count());
        Assert.Equal(0, follower.Metrics.Fired);
    }

    [Fact]
    public async Task LeaderStops_ReleasesTheLease_OtherHostTakesOverAtOnce()
    {
        await using var first = Host();
        await first.StartAsync();
        await first.WaitingAsync();
        await using var second = Host();
        await second.StartAsync();

        await first.StopAsync();

        await Poll.UntilAsync(() => second.Scheduler.IsLeader, "the second host to lead", TimeSpan.FromSeconds(5));
        await second.AdvanceToWakeAsync();
        Assert.Equal("a@20260101T000010000Z", Assert.Single(_tasks.Enqueues).RunId);
    }

    [Fact]
    public async Task LeaderDies_ItsLeaseLapses_OtherHostTakesOver()
    {
        await using var first = Host();
        await first.StartAsync();
        await first.WaitingAsync();
        await using var second = Host();
        await second.StartAsync();
        await Task.Yield();
        Assert.False(second.Scheduler.IsLeader);

        // Dies: stops renewing without releasing; the lease runs out on the storage service's clock (15 s).
        first.Scheduler.ReleaseLeaseOnStop = false;
        await first.StopAsync();

        await Poll.UntilAsync(() => second.Scheduler.IsLeader, "the second host to take the lapsed lease", TimeSpan.FromSeconds(25));
        await second.AdvanceToWakeAsync();
        Assert.Equal("a@20260101T000010000Z", Assert.Single(_tasks.Enqueues).RunId);
    }

    [Fact]
    public async Task LeaseTakenAway_LeaderStopsFiringUntilItHoldsTheLeaseAgain()
    {
        await using var host = Host();
        await host.StartAsync();
        await host.WaitingAsync();

        // Someone else breaks the lease and takes it: the next renewal is refused.
        var blob = host.Storage.Blobs.GetBlobContainerClient(host.Storage.Names.Container).GetBlobClient(SchedulerLeaseBlob.BlobName);
        await blob.GetBlobLeaseClient().BreakAsync(TimeSpan.Zero);
        var intruder = blob.GetBlobLeaseClient();
        await intruder.AcquireAsync(TimeSpan.FromSeconds(15));
        await Poll.UntilAsync(() => !host.Scheduler.IsLeader, "the scheduler to notice the lost lease", TimeSpan.FromSeconds(10));

        _time.Advance(TimeSpan.FromMinutes(1));
        Assert.Empty(_tasks.Enqueues);

        await intruder.ReleaseAsync();
        await Poll.UntilAsync(() => _tasks.Enqueues.Count == 2, "the scheduler to lead and fire again", TimeSpan.FromSeconds(10));
        Assert.Equal(["a@20260101T000100000Z", "b@20260101T000100000Z"], _tasks.Enqueues.Select(e => e.RunId).Order(StringComparer.Ordinal));
    }
}
