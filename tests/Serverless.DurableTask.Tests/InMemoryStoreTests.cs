using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using Serverless.DurableTask.Client;
using Serverless.DurableTask.Engine.InMemory;
using Serverless.DurableTask.Engine.Storage;

namespace Serverless.DurableTask.Tests;

public sealed class InMemoryStoreTests
{
    private static readonly TimeSpan Lock = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan NoWait = TimeSpan.FromMilliseconds(1);

    [Fact]
    public async Task OrchestrationLock_Expires_MessagesRedeliveredWithDequeueCount()
    {
        var time = new FakeTimeProvider();
        var store = new InMemoryOrchestrationService(time);
        var ct = TestContext.Current.CancellationToken;
        await store.SendMessageAsync(Raised("i1"), ct);

        var first = await store.LockNextOrchestrationWorkItemAsync(Lock, NoWait, ct);
        Assert.NotNull(first);
        Assert.Null(await store.LockNextOrchestrationWorkItemAsync(Lock, NoWait, ct));
        time.Advance(Lock);
        var second = await store.LockNextOrchestrationWorkItemAsync(Lock, NoWait, ct);

        Assert.NotNull(second);
        Assert.Equal(1, second.NewMessages.Single().DequeueCount);
        await Assert.ThrowsAsync<OrchestrationConflictException>(() => store.CompleteOrchestrationWorkItemAsync(first, Empty(null), ct));
    }

    [Fact]
    public async Task OrchestrationMessages_ArrivingWhileLocked_DeliveredAfterComplete()
    {
        var store = new InMemoryOrchestrationService(new FakeTimeProvider());
        var ct = TestContext.Current.CancellationToken;
        await store.SendMessageAsync(Raised("i1"), ct);
        var item = (await store.LockNextOrchestrationWorkItemAsync(Lock, NoWait, ct))!;
        await store.SendMessageAsync(Raised("i1"), ct);

        Assert.Null(await store.LockNextOrchestrationWorkItemAsync(Lock, NoWait, ct));
        await store.CompleteOrchestrationWorkItemAsync(item, Empty(null), ct);
        var next = await store.LockNextOrchestrationWorkItemAsync(Lock, NoWait, ct);

        Assert.NotNull(next);
        Assert.Single(next.NewMessages);
    }

    [Fact]
    public async Task Complete_StaleETag_ConflictAndNothingWritten()
    {
        var store = new InMemoryOrchestrationService(new FakeTimeProvider());
        var ct = TestContext.Current.CancellationToken;
        await store.SendMessageAsync(Raised("i1"), ct);
        var item = (await store.LockNextOrchestrationWorkItemAsync(Lock, NoWait, ct))!;

        await Assert.ThrowsAsync<OrchestrationConflictException>(() => store.CompleteOrchestrationWorkItemAsync(
            item, new OrchestrationWorkItemCompletion { ExpectedETag = "42", NewHistoryEvents = [new GenericEvent()] }, ct));

        Assert.Empty(await store.GetHistoryAsync("i1", ct));
    }

    [Fact]
    public async Task Abandon_WithDelay_InvisibleUntilDelayPassed()
    {
        var time = new FakeTimeProvider();
        var store = new InMemoryOrchestrationService(time);
        var ct = TestContext.Current.CancellationToken;
        await store.SendMessageAsync(Raised("i1"), ct);
        var item = (await store.LockNextOrchestrationWorkItemAsync(Lock, NoWait, ct))!;

        await store.AbandonOrchestrationWorkItemAsync(item, TimeSpan.FromSeconds(10), ct);
        Assert.Null(await store.LockNextOrchestrationWorkItemAsync(Lock, NoWait, ct));
        time.Advance(TimeSpan.FromSeconds(10));

        Assert.NotNull(await store.LockNextOrchestrationWorkItemAsync(Lock, NoWait, ct));
    }

    [Fact]
    public async Task ActivityLock_ExpiresUnlessRenewed()
    {
        var time = new FakeTimeProvider();
        var store = new InMemoryOrchestrationService(time);
        var ct = TestContext.Current.CancellationToken;
        await store.SendMessageAsync(Raised("i1"), ct);
        var orchestration = (await store.LockNextOrchestrationWorkItemAsync(Lock, NoWait, ct))!;
        await store.CompleteOrchestrationWorkItemAsync(orchestration, Empty(null) with
        {
            ActivityMessages = [new TaskMessage { InstanceId = "i1", Event = new TaskScheduledEvent { EventId = 0, Name = "A" } }],
        }, ct);

        var activity = (await store.LockNextActivityWorkItemAsync(Lock, NoWait, ct))!;
        time.Advance(Lock / 2);
        await store.RenewActivityWorkItemLockAsync(activity, Lock, ct);
        time.Advance(Lock / 2);
        Assert.Null(await store.LockNextActivityWorkItemAsync(Lock, NoWait, ct));
        time.Advance(Lock / 2);
        var redelivered = await store.LockNextActivityWorkItemAsync(Lock, NoWait, ct);

        Assert.NotNull(redelivered);
        Assert.Equal(1, redelivered.Message.DequeueCount);
        Assert.Equal("A", redelivered.Scheduled.Name);
    }

    [Fact]
    public async Task CreateInstance_NonTerminalInstance_DedupedUnlessStatusNotListed()
    {
        var store = new InMemoryOrchestrationService(new FakeTimeProvider());
        var ct = TestContext.Current.CancellationToken;
        await store.CreateInstanceAsync(Start("i1"), null, ct);

        await Assert.ThrowsAsync<OrchestrationAlreadyExistsException>(() => store.CreateInstanceAsync(Start("i1"), null, ct));
        await store.CreateInstanceAsync(Start("i1"), [OrchestrationRuntimeStatus.Running], ct);
        Assert.Equal(OrchestrationRuntimeStatus.Pending, (await store.GetStateAsync("i1", false, ct))!.Status);
    }

    [Fact]
    public void HistoryEvents_JsonRoundTrip_KeepsKindAndFields()
    {
        HistoryEvent[] events =
        [
            new ExecutionStartedEvent { Name = "O", InstanceId = "i", ExecutionId = "e", Input = "1", ParentInstance = new ParentInstanceInfo("P", "p", "pe", 3) },
            new TaskScheduledEvent { EventId = 0, Name = "A", Input = "\"x\"" },
            new TaskFailedEvent { TaskScheduledId = 0, FailureDetails = new TaskFailureDetails("T", "m", "s", new TaskFailureDetails("I", "im", null, null)) },
            new TimerCreatedEvent { EventId = 1, FireAt = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc) },
            new OrchestratorStartedEvent { ConsumedMessageIds = ["m1"] },
            new ExecutionCompletedEvent { Status = OrchestrationRuntimeStatus.Completed, Result = "2" },
        ];

        var json = JsonSerializer.Serialize(events, JsonDataConverter.Options);
        var back = JsonSerializer.Deserialize<HistoryEvent[]>(json, JsonDataConverter.Options)!;

        Assert.Contains("\"$type\":\"TaskScheduled\"", json, StringComparison.Ordinal);
        Assert.Equal(events.Length, back.Length);
        Assert.Equal(events[0], back[0] with { });
        Assert.Equal("I", ((TaskFailedEvent)back[2]).FailureDetails.InnerFailure!.ErrorType);
        Assert.Equal(["m1"], ((OrchestratorStartedEvent)back[4]).ConsumedMessageIds!);
        Assert.Equal(events[5], back[5]);
    }

    private static TaskMessage Raised(string instanceId) =>
        new() { InstanceId = instanceId, Event = new EventRaisedEvent { Name = "E" } };

    private static TaskMessage Start(string instanceId) => new()
    {
        InstanceId = instanceId,
        Event = new ExecutionStartedEvent { Name = "O", InstanceId = instanceId, ExecutionId = Guid.NewGuid().ToString("N") },
    };

    private static OrchestrationWorkItemCompletion Empty(string? etag) => new() { ExpectedETag = etag, NewHistoryEvents = [] };
}
