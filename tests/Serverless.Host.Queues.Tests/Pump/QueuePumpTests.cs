using Azure.Storage.Queues.Models;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Serverless.Host.Queues.Pump;
using Serverless.Testing;

namespace Serverless.Host.Queues.Tests.Pump;

public sealed class QueuePumpTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task FetchLoop_EmptyQueue_BacksOffExponentiallyToMaxPollingIntervalAndResetsOnAHit()
    {
        var queue = new FakeMessageQueue(_time);
        var handled = 0;
        await using var pump = Pump(queue, Settings(maxPolling: TimeSpan.FromSeconds(1)), (_, _) =>
        {
            Interlocked.Increment(ref handled);
            return Task.FromResult(new MessageResult(MessageOutcome.Completed));
        });
        var start = _time.GetUtcNow();

        await pump.StartAsync(CancellationToken.None);
        await Poll.UntilAsync(() => queue.Receives.Count == 1, "the first poll");

        // Empty polls: 100, 200, 400, 800 ms, then the 1 s ceiling.
        var expected = new[] { 100, 300, 700, 1500, 2500, 3500 };
        foreach (var at in expected)
        {
            await PollAtAsync(queue, start + TimeSpan.FromMilliseconds(at));
        }

        // A poll that finds a message polls again at once, then backs off from the minimum again.
        queue.Add("hit");
        await PollAtAsync(queue, start + TimeSpan.FromMilliseconds(4500));
        await Poll.UntilAsync(() => queue.Receives.Count == expected.Length + 3, "the immediate poll after the hit");
        Assert.Equal(start + TimeSpan.FromMilliseconds(4500), queue.Receives.Last());
        await PollAtAsync(queue, start + TimeSpan.FromMilliseconds(4600));
        await Poll.UntilAsync(() => handled == 1 && queue.Deletes.Count == 1, "the message was handled and deleted");
    }

    [Fact]
    public async Task HeldMessage_LongInvocation_RenewsVisibilityEveryHalfFetchVisibilityAndDeletesWithTheLatestReceipt()
    {
        var queue = new FakeMessageQueue(_time);
        var release = new TaskCompletionSource<MessageResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        var started = 0;
        queue.Add("long");
        await using var pump = Pump(queue, Settings(fetchVisibility: TimeSpan.FromSeconds(10)), (_, _) =>
        {
            Interlocked.Increment(ref started);
            return release.Task;
        });

        await pump.StartAsync(CancellationToken.None);
        await Poll.UntilAsync(() => started == 1, "the invocation started");
        var fetchedAt = _time.GetUtcNow();

        _time.Advance(TimeSpan.FromSeconds(5));
        await Poll.UntilAsync(() => queue.Updates.Count == 1, "the first renewal");
        _time.Advance(TimeSpan.FromSeconds(5));
        await Poll.UntilAsync(() => queue.Updates.Count == 2, "the second renewal");
        release.SetResult(new MessageResult(MessageOutcome.Completed));
        await Poll.UntilAsync(() => queue.Deletes.Count == 1, "the delete");

        var updates = queue.Updates.ToArray();
        Assert.Equal([fetchedAt.AddSeconds(5), fetchedAt.AddSeconds(10)], updates.Select(u => u.At));
        Assert.All(updates, u => Assert.Equal(TimeSpan.FromSeconds(10), u.Visibility));
        Assert.Equal("r1", updates[0].PopReceipt);
        Assert.Equal("r2", updates[1].PopReceipt);
        Assert.Equal("r3", queue.Deletes.Single().PopReceipt);
    }

    [Fact]
    public async Task Dispatch_BatchSizeAndThreshold_RunsBatchSizeAtOnceAndHoldsThresholdPlusBatch()
    {
        var queue = new FakeMessageQueue(_time);
        for (var i = 0; i < 10; i++)
        {
            queue.Add($"m{i}");
        }

        var release = new TaskCompletionSource<MessageResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        var started = 0;
        await using var pump = Pump(queue, Settings(batchSize: 2, threshold: 2), (_, _) =>
        {
            Interlocked.Increment(ref started);
            return release.Task;
        });

        await pump.StartAsync(CancellationToken.None);
        await Poll.UntilAsync(() => started == 2 && pump.Held == 4, "two running, two more fetched");

        Assert.Equal(2, queue.Receives.Count);
        release.SetResult(new MessageResult(MessageOutcome.Completed));
        await Poll.UntilAsync(() => queue.Deletes.Count == 10, "all ten done");
        Assert.Equal(10, started);
    }

    [Fact]
    public async Task StopAsync_FetchedButUnstarted_ReleasedWithZeroVisibility()
    {
        var queue = new FakeMessageQueue(_time);
        queue.Add("running");
        queue.Add("waiting");
        var release = new TaskCompletionSource<MessageResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var pump = Pump(queue, Settings(batchSize: 1, threshold: 1), (_, _) => release.Task);

        await pump.StartAsync(CancellationToken.None);
        await Poll.UntilAsync(() => pump.Held == 2, "one running, one waiting");
        var stop = pump.StopAsync(CancellationToken.None);
        await Poll.UntilAsync(() => queue.Updates.Count == 1, "the waiting message is released");

        Assert.Equal(TimeSpan.Zero, queue.Updates.Single().Visibility);
        Assert.False(stop.IsCompleted);
        release.SetResult(new MessageResult(MessageOutcome.Completed));
        await stop;
        Assert.Single(queue.Deletes);
    }

    private async Task PollAtAsync(FakeMessageQueue queue, DateTimeOffset at)
    {
        var before = queue.Receives.Count;
        // One tick short first: a poll that fires here comes too early and is caught by its timestamp.
        _time.Advance(at - _time.GetUtcNow() - TimeSpan.FromTicks(1));
        _time.Advance(TimeSpan.FromTicks(1));
        await Poll.UntilAsync(() => queue.Receives.Count > before, $"a poll at {at:HH:mm:ss.fff}");
        Assert.Equal(at, queue.Receives.ElementAt(before));
    }

    private QueuePump Pump(FakeMessageQueue queue, QueuePumpSettings settings, MessageHandler handler) =>
        new(queue, settings, handler, _time, NullLogger.Instance, "Test", () => 0.0);

    private static QueuePumpSettings Settings(int batchSize = 16, int threshold = 8, TimeSpan? maxPolling = null, TimeSpan? fetchVisibility = null) =>
        new(batchSize, threshold, maxPolling ?? TimeSpan.FromMinutes(1), TimeSpan.Zero, 5, fetchVisibility ?? TimeSpan.FromMinutes(10));
}
