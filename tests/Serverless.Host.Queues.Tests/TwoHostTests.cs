using Microsoft.Extensions.DependencyInjection;
using Serverless.Host.Queues.Tests.TestSupport;
using Serverless.Testing;
using Serverless.Worker;

namespace Serverless.Host.Queues.Tests;

public sealed class TwoHostTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task TwoHosts_OneQueue_EveryMessageProcessedExactlyOnce()
    {
        const int Count = 300;
        var name = AzuriteFixture.UniqueName("shared");
        var queue = await TestQueues.CreateAsync(azurite, name);
        var recorder = new Recorder();
        var settings = new Dictionary<string, string?> { ["Q"] = name };
        await using var hostA = await TestQueues.StartHostAsync(azurite, typeof(CountingFunctions), recorder, settings, configure: s => s.AddSingleton(new HostTag("A")));
        await using var hostB = await TestQueues.StartHostAsync(azurite, typeof(CountingFunctions), recorder, settings, configure: s => s.AddSingleton(new HostTag("B")));

        for (var start = 0; start < Count; start += 50)
        {
            await Task.WhenAll(Enumerable.Range(start, 50).Select(i => TestQueues.SendAsync(queue, i.ToString(System.Globalization.CultureInfo.InvariantCulture))));
        }

        await Poll.UntilAsync(() => recorder.All.Count >= Count, $"{Count} invocations", TimeSpan.FromSeconds(60));
        await Poll.UntilAsync(async () => (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount == 0, "the queue is empty");

        var seen = recorder.All;
        Assert.Equal(Count, seen.Count);
        Assert.Equal(Enumerable.Range(0, Count).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).Order(), seen.Select(s => (string)s.Value!).Order());
        Assert.Equal(Count, seen.Select(s => s.Id).Distinct().Count());
        // The fetch visibility (10 minutes) never expired here, so no message was delivered twice.
        Assert.All(seen, s => Assert.Equal(1L, s.DequeueCount));
        Assert.True(seen.Count(s => s.Host == "A") > 0 && seen.Count(s => s.Host == "B") > 0,
            $"both hosts took messages: A {seen.Count(s => s.Host == "A")}, B {seen.Count(s => s.Host == "B")}");
    }

    public sealed record HostTag(string Name);

    public sealed class CountingFunctions(Recorder recorder, HostTag host)
    {
        [Function("Counting")]
        public async Task Run([QueueTrigger("%Q%")] string body, string id, long dequeueCount)
        {
            await Task.Yield();
            recorder.Add(new Seen("Counting", body, id, dequeueCount, new Dictionary<string, object?>(), DateTimeOffset.UtcNow, host.Name));
        }
    }
}
