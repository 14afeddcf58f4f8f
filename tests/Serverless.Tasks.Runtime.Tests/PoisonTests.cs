using Azure.Data.Tables;
using Serverless.Tasks.Runtime.Tests.TestSupport;
using Serverless.Testing;

namespace Serverless.Tasks.Runtime.Tests;

/// <summary>A message whose handling always throws is not retried for ever.</summary>
public sealed class PoisonTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Worker_RecordUnreadable_MessagePoisonedAfterMaxHandlingFailures()
    {
        var ran = false;
        var task = TestTasks.Define("victim", (_, _, _) =>
        {
            ran = true;
            return Task.FromResult<object?>(null);
        });
        await using var host = TaskHost.Create(azurite, TaskHost.NewPrefix(), [task]);
        host.Worker.MaxHandlingFailures = 3;
        var runId = await host.Client.EnqueueAsync("victim", new { n = 1 });

        // The parameters column points at a payload blob that does not exist: every read of the record throws.
        var table = host.Storage.Tables.GetTableClient(host.Storage.Names.RunsTable);
        await table.UpsertEntityAsync(new TableEntity(runId, "") { ["Parameters"] = "blob:payloads/missing/parameters.json" }, TableUpdateMode.Merge);
        await host.StartAsync();

        var deadLetters = host.Storage.Queues.GetQueueClient(host.Storage.Names.DeadLetterQueue);
        var dead = await Poll.ForValueAsync(async () => (await deadLetters.PeekMessagesAsync(32)).Value
            .Select(m => DeadLetterMessage.TryParse(m.MessageText)).FirstOrDefault(d => d?.RunId == runId), "the run's message dead-lettered", TimeSpan.FromSeconds(20));
        var queue = host.Storage.Queues.GetQueueClient(host.Storage.Names.Queue("default", TaskPriority.Normal));

        Assert.Contains("failed 3 times", dead.Reason, StringComparison.Ordinal);
        Assert.Empty((await queue.PeekMessagesAsync(32)).Value);
        Assert.False(ran);
    }
}
