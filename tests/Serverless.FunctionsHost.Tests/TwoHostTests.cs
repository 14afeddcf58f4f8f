using Azure.Storage.Queues;
using Microsoft.DurableTask.Client;
using Serverless.Testing;

namespace Serverless.FunctionsHost.Tests;

/// <summary>Two hosts of one app on one storage account share its queues and its task hub: nothing lost, nothing done twice.</summary>
public sealed class TwoHostTests(SharedHost shared)
{
    [Fact]
    public async Task SharedQueueAndTaskHub_NoWorkLostOrDoubled()
    {
        var settings = TestApp.Settings(shared.Azurite, "twohosts");

        // An idle listener polls at most every 100 ms here (the app's 1 s would let a fast first host drain the burst
        // before the second looks): both hosts then compete for the messages from the start.
        settings["AzureFunctionsJobHost__extensions__queues__maxPollingInterval"] = "00:00:00.100";

        // The burst waits in its queue before either host starts, and the hosts start together, so both listeners find
        // it full (sent after two hosts started one after the other, a fast first host on a loaded machine drained it
        // before the second took any: 400 to 0 in three CI runs).
        var options = new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 };
        var burst = new QueueClient(shared.Azurite.ConnectionString, settings["BurstQueue"], options);
        var done = new QueueClient(shared.Azurite.ConnectionString, settings["BurstDoneQueue"], options);
        await burst.CreateIfNotExistsAsync();
        await done.CreateIfNotExistsAsync();
        const int count = 400;
        await Task.WhenAll(Enumerable.Range(0, count).Select(i => burst.SendMessageAsync($"m{i}")));
        var starting = new[] { TestApp.StartAsync(settings), TestApp.StartAsync(settings) };
        try
        {
            await Task.WhenAll(starting);
        }
        catch (Exception)
        {
            foreach (var started in starting.Where(t => t.IsCompletedSuccessfully))
            {
                await (await started).DisposeAsync();
            }

            throw;
        }

        await using var first = await starting[0];
        await using var second = await starting[1];
        var durable = await first.GetDurableTaskClientAsync();
        var ids = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => durable.ScheduleNewOrchestrationInstanceAsync("Chain", new { Steps = 5 })));

        var received = new List<string>();
        await Poll.UntilAsync(async () =>
        {
            foreach (var message in (await done.ReceiveMessagesAsync(32)).Value)
            {
                received.Add(message.Body.ToString());
                await done.DeleteMessageAsync(message.MessageId, message.PopReceipt);
            }

            return received.Count >= count;
        }, $"{count} burst messages done", TimeSpan.FromSeconds(60));
        foreach (var id in ids)
        {
            var result = await DurableTests.WaitAsync(durable, id);
            Assert.Equal(OrchestrationRuntimeStatus.Completed, result.RuntimeStatus);
            Assert.Equal(10, result.ReadOutputAs<int>());
        }

        Assert.Equal(count, received.Distinct().Count());
        Assert.Equal(count, received.Count + (await done.PeekMessagesAsync(32)).Value.Length);
        var ran = (first.Logs.Containing("Executed 'Burst' (Succeeded").Count, second.Logs.Containing("Executed 'Burst' (Succeeded").Count);
        Assert.Equal(count, ran.Item1 + ran.Item2);
        Assert.True(ran.Item1 > 0 && ran.Item2 > 0, $"both hosts took messages (first {ran.Item1}, second {ran.Item2}); {Describe(first)}; {Describe(second)}");
    }

    /// <summary>What a failure needs to say about a host: its worker, and the Burst listener's and the host's complaints.</summary>
    private static string Describe(LocalFunctionsHost host) =>
        $"host {host.BaseAddress}: worker {host.WorkerProcessId}, restarts {host.WorkerRestarts}, " +
        $"Burst executions started {host.Logs.Containing("Executing 'Burst'").Count}; warnings: " +
        string.Join(" | ", host.Logs.Entries.Where(e => e.Level >= Microsoft.Extensions.Logging.LogLevel.Warning).TakeLast(8).Select(e => $"[{e.Category}] {e.Message} {e.Exception?.Message}"));
}
