using Serverless.Host.Queues.Tests.TestSupport;
using Serverless.Testing;
using Serverless.Worker;

namespace Serverless.Host.Queues.Tests;

public sealed class QueueDrainTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task StopAsync_SlowInvocationRunning_FinishesItAndReleasesUnstartedMessagesAtOnce()
    {
        var name = AzuriteFixture.UniqueName("drain");
        var queue = await TestQueues.CreateAsync(azurite, name);
        foreach (var body in new[] { "first", "second", "third" })
        {
            await TestQueues.SendAsync(queue, body);
        }

        var recorder = new Recorder();
        // batchSize 1, newBatchThreshold 1: one message runs while one more is fetched and waits.
        var host = await TestQueues.StartHostAsync(azurite, typeof(GatedFunctions), recorder,
            new Dictionary<string, string?> { ["Q"] = name }, TestQueues.HostJson("\"batchSize\": 1, \"newBatchThreshold\": 1"));
        await using var disposal = host;

        await Poll.UntilAsync(async () => recorder.Of("started").Count == 1 && (await TestQueues.PeekAsync(queue)).Count == 1,
            "one message running and one fetched and waiting");
        var running = (string)recorder.Of("started")[0].Value!;

        var stop = host.StopAsync(TimeSpan.FromSeconds(20));
        await Poll.UntilAsync(async () => (await TestQueues.PeekAsync(queue)).Count == 2, "the waiting message is visible again while the slow one still runs");
        Assert.False(stop.IsCompleted);
        Assert.Empty(recorder.Of("finished"));

        recorder.Gate.SetResult();
        await stop;

        Assert.Equal([running], recorder.Of("finished").Select(s => (string)s.Value!));
        Assert.Single(recorder.Of("started"));
        var left = await TestQueues.PeekAsync(queue);
        Assert.Equal(2, left.Count);
        Assert.DoesNotContain(running, left);
    }

    [Fact]
    public async Task StopAsync_InvocationOutlivesTheGracePeriod_IsCancelledAndItsMessageVisibleAgain()
    {
        var name = AzuriteFixture.UniqueName("cancel");
        var queue = await TestQueues.CreateAsync(azurite, name);
        await TestQueues.SendAsync(queue, "stuck");
        var recorder = new Recorder();
        var host = await TestQueues.StartHostAsync(azurite, typeof(HangingFunctions), recorder, new Dictionary<string, string?> { ["Q"] = name });
        await using var disposal = host;
        await Poll.UntilAsync(() => recorder.Of("started").Count == 1, "the invocation started");

        await host.StopAsync(TimeSpan.FromMilliseconds(300));

        Assert.Single(recorder.Of("cancelled"));
        Assert.Equal(["stuck"], await TestQueues.PeekAsync(queue));
        Assert.Empty(await TestQueues.PeekAsync(azurite.QueueService.GetQueueClient(name + "-poison")));
    }

    public sealed class GatedFunctions(Recorder recorder)
    {
        [Function("Gated")]
        public async Task Run([QueueTrigger("%Q%")] string body)
        {
            recorder.Add(new Seen("started", body, null, 0, new Dictionary<string, object?>(), DateTimeOffset.UtcNow));
            await recorder.Gate.Task;
            recorder.Add(new Seen("finished", body, null, 0, new Dictionary<string, object?>(), DateTimeOffset.UtcNow));
        }
    }

    public sealed class HangingFunctions(Recorder recorder)
    {
        [Function("Hanging")]
        public async Task Run([QueueTrigger("%Q%")] string body, CancellationToken cancellationToken)
        {
            recorder.Add(new Seen("started", body, null, 0, new Dictionary<string, object?>(), DateTimeOffset.UtcNow));
            try
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                recorder.Add(new Seen("cancelled", body, null, 0, new Dictionary<string, object?>(), DateTimeOffset.UtcNow));
                throw;
            }
        }
    }
}
