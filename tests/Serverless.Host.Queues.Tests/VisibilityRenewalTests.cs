using Microsoft.Extensions.DependencyInjection;
using Serverless.Host.Queues.Tests.TestSupport;
using Serverless.Host.Queues.Trigger;
using Serverless.Testing;
using Serverless.Worker;

namespace Serverless.Host.Queues.Tests;

public sealed class VisibilityRenewalTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task QueueTrigger_InvocationOutlastsTheFetchVisibility_RenewedSoNeverDeliveredTwiceAndDeleted()
    {
        var name = AzuriteFixture.UniqueName("long");
        var queue = await TestQueues.CreateAsync(azurite, name);
        await TestQueues.SendAsync(queue, "long work");
        var recorder = new Recorder();
        // A fetched message is invisible for 2 s and renewed every second; the invocation takes 3.5 s.
        await using var host = await TestQueues.StartHostAsync(azurite, typeof(LongFunctions), recorder, new Dictionary<string, string?> { ["Q"] = name },
            configure: s => s.AddSingleton(new QueuePumpTuning { FetchVisibilityTimeout = TimeSpan.FromSeconds(2) }));

        await Poll.UntilAsync(() => recorder.Of("finished").Count == 1, "the long invocation finished");
        await Poll.UntilAsync(async () => (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount == 0, "the message is deleted with its renewed pop receipt");

        Assert.Single(recorder.Of("started"));
    }

    public sealed class LongFunctions(Recorder recorder)
    {
        [Function("Long")]
        public async Task Run([QueueTrigger("%Q%")] string body)
        {
            recorder.Add(new Seen("started", body, null, 0, new Dictionary<string, object?>(), DateTimeOffset.UtcNow));
            await Task.Delay(3500); // simulated long work, longer than the fetch visibility
            recorder.Add(new Seen("finished", body, null, 0, new Dictionary<string, object?>(), DateTimeOffset.UtcNow));
        }
    }
}
