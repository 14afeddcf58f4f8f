using Microsoft.Extensions.DependencyInjection;
using Serverless.DurableTask.Client;
using Serverless.DurableTask.CrashWorker;
using Serverless.Testing;

namespace Serverless.DurableTask.AzureStorage.Tests;

/// <summary>Real worker processes killed with SIGKILL while orchestrations run on Azurite.</summary>
public sealed class CrashTests(AzuriteFixture azurite)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Worker_KilledAtRandomPoints_AllOrchestrationsCompleteCorrectly()
    {
        var hub = TestHub.NewName();
        var log = Path.Combine(Path.GetTempPath(), hub + ".log");
        await using var client = await NewClientAsync(hub);
        var ids = await ScheduleAsync(client.Client, 50);

        var random = new Random(7);
        var kills = 0;
        for (var round = 0; round < 4; round++)
        {
            using var worker = WorkerProcess.Start(azurite.ConnectionString, hub, "crash-worker", log);
            await Task.Delay(TimeSpan.FromMilliseconds(random.Next(1500, 3500)), Ct); // the random kill point, not a wait for work
            worker.Kill();
            kills++;
        }

        using (WorkerProcess.Start(azurite.ConnectionString, hub, "crash-worker", log))
        {
            await AssertAllCompleteAsync(client.Client, ids, TimeSpan.FromSeconds(60));
        }

        var executions = CrashTasks.Executions(log);
        var repeated = executions.Count(e => e.Value > 1);
        var message = $"crash test: {kills} SIGKILLs, {executions.Count} distinct activity executions of {50 * (CrashTasks.ChainLength + CrashTasks.FanOut)}, {repeated} ran more than once";
        TestContext.Current.TestOutputHelper?.WriteLine(message);
        Console.WriteLine(message);
        Assert.Equal(50 * (CrashTasks.ChainLength + CrashTasks.FanOut), executions.Count);
        Cleanup(log);
    }

    [Fact]
    public async Task TwoHosts_SplitPartitions_OneKilled_TheOtherFinishesEverything()
    {
        var hub = TestHub.NewName();
        var log = Path.Combine(Path.GetTempPath(), hub + ".log");
        await using var client = await NewClientAsync(hub);
        using var first = WorkerProcess.Start(azurite.ConnectionString, hub, "host-a", log);
        using var second = WorkerProcess.Start(azurite.ConnectionString, hub, "host-b", log);
        var leases = azurite.BlobService.GetBlobContainerClient(hub + "-leases");
        await Poll.UntilAsync(async () => (await OwnersAsync(leases)) is { Count: 2 } owners && owners.All(o => o.Value == 2), "both hosts to own two partitions each", TimeSpan.FromSeconds(30));

        var ids = await ScheduleAsync(client.Client, 30);
        await Poll.UntilAsync(() => CrashTasks.Executions(log).Count > 20, "work to be under way on both hosts", TimeSpan.FromSeconds(30));
        second.Kill();

        await AssertAllCompleteAsync(client.Client, ids, TimeSpan.FromSeconds(60));
        var owners = await OwnersAsync(leases);
        Assert.Equal(4, owners["host-a"]);
        Assert.False(first.HasExited);
        Cleanup(log);
    }

    /// <summary>Removes the execution log and the workers' output files (kept when a test fails, for a post-mortem).</summary>
    private static void Cleanup(string log)
    {
        Directory.Delete(log, recursive: true);
        foreach (var output in Directory.GetFiles(Path.GetDirectoryName(log)!, Path.GetFileName(log) + ".*.out"))
        {
            File.Delete(output);
        }
    }

    private static async Task<List<string>> ScheduleAsync(DurableTaskClient client, int count)
    {
        var ids = new List<string>();
        for (var i = 0; i < count; i++)
        {
            ids.Add(await client.ScheduleNewOrchestrationInstanceAsync(CrashTasks.Orchestrator, i, new StartOrchestrationOptions($"crash-{i}"), Ct));
        }

        return ids;
    }

    private static async Task AssertAllCompleteAsync(DurableTaskClient client, List<string> ids, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        var pending = ids.ToList();
        while (pending.Count > 0)
        {
            var statuses = new List<string>();
            foreach (var id in pending.ToList())
            {
                var status = (await client.GetInstanceAsync(id, false, Ct))?.RuntimeStatus;
                if (status == OrchestrationRuntimeStatus.Completed)
                {
                    pending.Remove(id);
                }
                else
                {
                    statuses.Add($"{id}={status}");
                }
            }

            if (pending.Count > 0 && DateTime.UtcNow > deadline)
            {
                Assert.Fail($"{pending.Count} orchestrations did not complete within {timeout}: {string.Join(", ", statuses)}");
            }

            if (pending.Count > 0)
            {
                await Task.Delay(200, Ct); // polling interval of a deadline-bounded poll
            }
        }

        for (var i = 0; i < ids.Count; i++)
        {
            var instance = await client.GetInstanceAsync(ids[i], true, Ct);
            Assert.Equal(CrashTasks.Expected(i), instance!.ReadOutputAs<long>());
        }
    }

    private static async Task<Dictionary<string, int>> OwnersAsync(Azure.Storage.Blobs.BlobContainerClient leases)
    {
        var owners = new Dictionary<string, int>();
        await foreach (var blob in leases.GetBlobsAsync(new Azure.Storage.Blobs.Models.GetBlobsOptions { Traits = Azure.Storage.Blobs.Models.BlobTraits.Metadata, Prefix = "control-" }, Ct))
        {
            if (blob.Properties.LeaseState == Azure.Storage.Blobs.Models.LeaseState.Leased && blob.Metadata.TryGetValue("owner", out var owner))
            {
                owners[owner] = owners.GetValueOrDefault(owner) + 1;
            }
        }

        return owners;
    }

    /// <summary>A client-only engine (no worker started) on the hub.</summary>
    private async Task<ClientScope> NewClientAsync(string hub)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddDurableTaskEngine(o => o.HubName = hub).UseAzureStorage(azurite.ConnectionString);
        var provider = services.BuildServiceProvider();
        await provider.GetRequiredService<Engine.Storage.IOrchestrationService>().CreateIfNotExistsAsync(Ct);
        return new ClientScope(provider);
    }

    private sealed class ClientScope(ServiceProvider provider) : IAsyncDisposable
    {
        public DurableTaskClient Client { get; } = provider.GetRequiredService<DurableTaskClient>();

        public ValueTask DisposeAsync() => provider.DisposeAsync();
    }
}
