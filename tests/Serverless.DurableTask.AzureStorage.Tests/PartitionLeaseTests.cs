using Serverless.Testing;

namespace Serverless.DurableTask.AzureStorage.Tests;

public sealed class PartitionLeaseTests(AzuriteFixture azurite)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task TwoWorkers_SplitPartitions_AndSurvivorTakesOverAfterLeaseExpiry()
    {
        var hub = TestHub.NewName();
        await using var a = TestHub.Create(azurite, hub, o => o.WorkerId = "worker-a");
        await using var b = TestHub.Create(azurite, hub, o => o.WorkerId = "worker-b");
        await a.StartAsync(Ct);
        Assert.Equal([0, 1, 2, 3], a.Partitions.OwnedPartitions);
        var tokensBefore = Enumerable.Range(0, 4).Select(a.Partitions.TokenOf).ToArray();

        await b.StartAsync(Ct);
        await Poll.UntilAsync(() => a.Partitions.OwnedPartitions.Count == 2 && b.Partitions.OwnedPartitions.Count == 2, "the two workers to own two partitions each", TimeSpan.FromSeconds(20));
        Assert.Empty(a.Partitions.OwnedPartitions.Intersect(b.Partitions.OwnedPartitions));

        // b dies: its leases are neither renewed nor released; a takes them once they expire.
        var ofB = b.Partitions.OwnedPartitions;
        await b.StopMaintenanceAsync();
        await Poll.UntilAsync(() => a.Partitions.OwnedPartitions.Count == 4, "the survivor to take the dead worker's partitions", TimeSpan.FromSeconds(40));
        foreach (var partition in ofB)
        {
            Assert.NotEqual(tokensBefore[partition], a.Partitions.TokenOf(partition));
        }
    }

    [Fact]
    public async Task RestartedWorker_WithSameId_ReclaimsItsLeasesAtOnce()
    {
        var hub = TestHub.NewName();
        await using var first = TestHub.Create(azurite, hub, o => o.WorkerId = "worker-x");
        await first.StartAsync(Ct);
        await first.StopMaintenanceAsync();

        await using var second = TestHub.Create(azurite, hub, o => o.WorkerId = "worker-x");
        await second.StartAsync(Ct);
        await Poll.UntilAsync(() => second.Partitions.OwnedPartitions.Count == 4, "the restarted worker to own its partitions again", TimeSpan.FromSeconds(5));
    }
}
