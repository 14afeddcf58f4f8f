using Serverless.Host.Queues.Tests.TestSupport;
using Serverless.Testing;
using Serverless.Worker;

namespace Serverless.Host.Queues.Tests;

public sealed class QueuePoisonTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task QueueTrigger_FunctionAlwaysFails_RetriedUntilMaxDequeueCountThenPoisoned()
    {
        var name = AzuriteFixture.UniqueName("fail");
        var queue = await TestQueues.CreateAsync(azurite, name);
        await TestQueues.SendAsync(queue, "doomed");
        var recorder = new Recorder();
        await using var host = await TestQueues.StartHostAsync(azurite, typeof(FailingFunctions), recorder,
            new Dictionary<string, string?> { ["Q"] = name }, TestQueues.HostJson("\"maxDequeueCount\": 3"));

        var poison = azurite.QueueService.GetQueueClient(name + "-poison");
        await Poll.UntilAsync(async () => (await TestQueues.PeekAsync(poison)).Count == 1, "the message reached the poison queue");

        Assert.Equal(["doomed"], await TestQueues.PeekAsync(poison));
        Assert.Equal([1L, 2L, 3L], recorder.All.Select(s => s.DequeueCount));
        Assert.Equal([0, 1, 2], recorder.All.Select(s => (int)s.Data["retryCount"]!));
        Assert.All(recorder.All, s => Assert.Equal(3, s.Data["maxRetryCount"]));
        await Poll.UntilAsync(async () => (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount == 0, "the source queue is empty");
        Assert.Equal(3, recorder.All.Count);
    }

    [Fact]
    public async Task QueueTrigger_MalformedJson_PoisonedAtOnceWithoutInvocationAndOthersStillRun()
    {
        var name = AzuriteFixture.UniqueName("json");
        var queue = await TestQueues.CreateAsync(azurite, name);
        // Several bad messages in one batch move to the poison queue concurrently (the first creates it).
        foreach (var bad in new[] { "{not json", "[1,2]", "{\"name\":", "null" })
        {
            await TestQueues.SendAsync(queue, bad);
        }

        await TestQueues.SendAsync(queue, """{"name":"ok"}""");
        await queue.SendMessageAsync("%%% not base64 %%%");
        var recorder = new Recorder();
        await using var host = await TestQueues.StartHostAsync(azurite, typeof(JsonFunctions), recorder, new Dictionary<string, string?> { ["Q"] = name });

        var poison = azurite.QueueService.GetQueueClient(name + "-poison");
        await Poll.UntilAsync(async () => (await TestQueues.PeekRawAsync(poison)).Count == 5 && recorder.All.Count == 1, "five poisoned, one processed");

        Assert.Equal("ok", Assert.IsType<Named>(recorder.All.Single().Value).Name);
        var poisoned = await TestQueues.PeekRawAsync(poison);
        Assert.Contains(TestQueues.Base64("{not json"), poisoned);
        Assert.Contains(TestQueues.Base64("null"), poisoned);
        Assert.Contains("%%% not base64 %%%", poisoned);
        await Poll.UntilAsync(async () => (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount == 0, "the source queue is empty");
    }

    [Fact]
    public async Task QueueTrigger_FailsThenSucceeds_DeletedAfterTheRetry()
    {
        var name = AzuriteFixture.UniqueName("flaky");
        var queue = await TestQueues.CreateAsync(azurite, name);
        await TestQueues.SendAsync(queue, "once");
        var recorder = new Recorder();
        await using var host = await TestQueues.StartHostAsync(azurite, typeof(FlakyFunctions), recorder, new Dictionary<string, string?> { ["Q"] = name });

        await Poll.UntilAsync(() => recorder.All.Count == 2, "the retry ran");
        await Poll.UntilAsync(async () => (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount == 0, "the message is deleted");

        Assert.Equal([1L, 2L], recorder.All.Select(s => s.DequeueCount));
        Assert.Empty(await TestQueues.PeekRawAsync(azurite.QueueService.GetQueueClient(name + "-poison")));
    }

    public sealed record Named(string Name);

    public sealed class FailingFunctions(Recorder recorder)
    {
        [Function("Failing")]
        public void Run([QueueTrigger("%Q%")] string body, long dequeueCount, FunctionContext context)
        {
            recorder.Add(new Seen("Failing", body, null, dequeueCount, new Dictionary<string, object?>
            {
                ["retryCount"] = context.RetryContext!.RetryCount,
                ["maxRetryCount"] = context.RetryContext.MaxRetryCount,
            }, DateTimeOffset.UtcNow));
            throw new InvalidOperationException("always fails");
        }
    }

    public sealed class JsonFunctions(Recorder recorder)
    {
        [Function("Json")]
        public void Run([QueueTrigger("%Q%")] Named named, long dequeueCount) =>
            recorder.Add(new Seen("Json", named, null, dequeueCount, new Dictionary<string, object?>(), DateTimeOffset.UtcNow));
    }

    public sealed class FlakyFunctions(Recorder recorder)
    {
        [Function("Flaky")]
        public void Run([QueueTrigger("%Q%")] string body, long dequeueCount)
        {
            recorder.Add(new Seen("Flaky", body, null, dequeueCount, new Dictionary<string, object?>(), DateTimeOffset.UtcNow));
            if (dequeueCount == 1)
            {
                throw new InvalidOperationException("first delivery fails");
            }
        }
    }
}
