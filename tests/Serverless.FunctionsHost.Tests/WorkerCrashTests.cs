using Azure.Storage.Queues;
using Microsoft.DurableTask.Client;
using Serverless.Testing;

namespace Serverless.FunctionsHost.Tests;

/// <summary>
/// The worker process is SIGKILLed under load: the host restarts it and sends it again what the dead one held, so no
/// queue message is lost and no orchestration fails (Durable Functions would record an activity failed by a worker
/// exit as TaskFailed).
/// </summary>
public sealed class WorkerCrashTests(SharedHost shared)
{
    [Fact]
    public async Task WorkerKilledDuringQueueBurst_EveryMessageProcessed()
    {
        var settings = TestApp.Settings(shared.Azurite, "qcrash");
        await using var host = await TestApp.StartAsync(settings);
        var options = new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 };
        var burst = new QueueClient(shared.Azurite.ConnectionString, settings["BurstQueue"], options);
        var done = new QueueClient(shared.Azurite.ConnectionString, settings["BurstDoneQueue"], options);
        await burst.CreateIfNotExistsAsync();
        await done.CreateIfNotExistsAsync();
        const int count = 300;
        await Task.WhenAll(Enumerable.Range(0, count).Select(i => burst.SendMessageAsync($"m{i}")));
        var seen = new HashSet<string>();

        await Poll.UntilAsync(async () => (await DrainAsync(done, seen)) >= count / 3, "a third of the burst");
        var killed = host.WorkerProcessId;
        host.KillWorker();
        await Poll.UntilAsync(async () => await DrainAsync(done, seen) >= count && host.WorkerRestarts >= 1, $"all {count} messages and the worker restarted", TimeSpan.FromSeconds(90));

        Assert.Equal(count, seen.Count);
        Assert.True(host.WorkerRestarts >= 1);
        Assert.NotEqual(killed, host.WorkerProcessId);
    }

    [Fact]
    public async Task WorkerKilledDuringFiftyOrchestrations_AllComplete()
    {
        await using var host = await TestApp.StartAsync(TestApp.Settings(shared.Azurite, "dcrash"));
        var durable = await host.GetDurableTaskClientAsync();
        var ids = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => durable.ScheduleNewOrchestrationInstanceAsync("Chain", new { Steps = 10, DelayMs = 20 })));

        await Poll.UntilAsync(() => host.Logs.Containing("Executed 'Add' (Succeeded").Count >= 100, "a hundred activities done", TimeSpan.FromSeconds(90));
        host.KillWorker();
        await Poll.UntilAsync(() => host.WorkerRestarts >= 1 && host.Logs.Containing("Executed 'Add' (Succeeded").Count >= 200, "activities after the first restart", TimeSpan.FromSeconds(90));
        host.KillWorker();

        foreach (var id in ids)
        {
            var result = await DurableTests.WaitAsync(durable, id, TimeSpan.FromSeconds(120));
            Assert.True(result.RuntimeStatus == OrchestrationRuntimeStatus.Completed, $"{id}: {result.RuntimeStatus} {result.SerializedOutput}" + string.Join("\n", host.Logs.Entries.Where(e => e.Exception is not null && e.Category.Contains("Add", StringComparison.Ordinal)).Take(3).Select(e => e.Message + " " + e.Exception)));
            Assert.Equal(45, result.ReadOutputAs<int>());
        }

        Assert.True(host.WorkerRestarts >= 2);
    }

    [Fact]
    public async Task WorkerDiesThreeTimesDuringOneInvocation_TheInvocationFailsNamingIt()
    {
        await using var host = await TestApp.StartAsync(TestApp.Settings(shared.Azurite, "thrice"));
        var durable = await host.GetDurableTaskClientAsync();
        var id = await durable.ScheduleNewOrchestrationInstanceAsync("Chain", new { Steps = 1, DelayMs = 600_000 });

        for (var kill = 1; kill <= 3; kill++)
        {
            var expected = kill;
            await Poll.UntilAsync(() => host.Logs.Containing("Executing 'Add'").Count >= 1 && host.Logs.Containing("is sent again to the restarted worker").Count >= expected - 1, $"the activity sent to worker {expected}");
            host.KillWorker();
            await Poll.UntilAsync(() => host.WorkerRestarts >= expected, $"restart {expected}");
        }

        var result = await DurableTests.WaitAsync(durable, id);
        Assert.Equal(OrchestrationRuntimeStatus.Failed, result.RuntimeStatus);
        Assert.Contains("the worker exited 3 times while it ran", result.SerializedOutput, StringComparison.Ordinal);
    }

    private static async Task<int> DrainAsync(QueueClient queue, HashSet<string> seen)
    {
        foreach (var message in (await queue.ReceiveMessagesAsync(32)).Value)
        {
            seen.Add(message.Body.ToString());
            await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt);
        }

        return seen.Count;
    }
}
