using Serverless.DurableTask.Client;
using Serverless.DurableTask.Engine.Storage;
using Serverless.Testing;

namespace Serverless.DurableTask.AzureStorage.Tests;

public sealed class LargePayloadAndTimerTests(AzuriteFixture azurite)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string Big(int length, char c) => "\"" + new string(c, length) + "\"";

    [Fact]
    public async Task Payloads_Over64KB_RoundTripThroughBlobs()
    {
        await using var service = await TestHub.StartAsync(azurite);
        var input = Big(100_000, 'i');
        await service.CreateInstanceAsync(TestHub.StartMessage("big", input), null, Ct);
        var item = await TestHub.LockAsync(service);
        var started = Assert.IsType<ExecutionStartedEvent>(Assert.Single(item.NewMessages).Event);
        Assert.Equal(input, started.Input);

        var output = Big(150_000, 'o');
        await service.CompleteOrchestrationWorkItemAsync(item, new OrchestrationWorkItemCompletion
        {
            NewHistoryEvents = [new OrchestratorStartedEvent(), started, new TaskScheduledEvent { EventId = 0, Name = "Act", Input = Big(70_000, 'a') }],
            NewState = TestHub.State("big", OrchestrationRuntimeStatus.Running, output) with { Input = input, CustomStatus = Big(40_000, 'c') },
            ActivityMessages = [TestHub.Activity("big", 0, Big(70_000, 'a'))],
        }, Ct);

        var activity = await service.LockNextActivityWorkItemAsync(TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(10), Ct);
        Assert.Equal(Big(70_000, 'a'), activity!.Scheduled.Input);
        await service.CompleteActivityWorkItemAsync(activity, new TaskMessage { InstanceId = "big", Event = new TaskCompletedEvent { TaskScheduledId = 0, Result = Big(80_000, 'r') } }, Ct);
        var next = await TestHub.LockAsync(service);
        Assert.Equal(Big(80_000, 'r'), Assert.IsType<TaskCompletedEvent>(next.NewMessages[0].Event).Result);

        var loaded = await service.LoadHistoryAsync(next, Ct);
        Assert.Equal(input, Assert.IsType<ExecutionStartedEvent>(loaded.Events[1]).Input);
        Assert.Equal(Big(70_000, 'a'), Assert.IsType<TaskScheduledEvent>(loaded.Events[2]).Input);
        var state = await service.GetStateAsync("big", true, Ct);
        Assert.Equal(output, state!.Output);
        Assert.Equal(input, state.Input);
        Assert.Equal(Big(40_000, 'c'), state.CustomStatus);
        Assert.Null((await service.GetStateAsync("big", false, Ct))!.Output);
        Assert.NotEmpty(await ClientTests.BlobsAsync(service, "big"));
    }

    [Fact]
    public async Task Timer_DueLater_IsDeliveredOnlyWhenDue()
    {
        await using var service = await TestHub.StartAsync(azurite);
        await service.CreateInstanceAsync(TestHub.StartMessage("t1"), null, Ct);
        var item = await TestHub.LockAsync(service);
        var fireAt = DateTimeOffset.UtcNow.AddSeconds(2);
        await service.CompleteOrchestrationWorkItemAsync(item, new OrchestrationWorkItemCompletion
        {
            NewHistoryEvents = [new OrchestratorStartedEvent(), item.NewMessages[0].Event, new TimerCreatedEvent { EventId = 0, FireAt = fireAt.UtcDateTime }],
            NewState = TestHub.State("t1", OrchestrationRuntimeStatus.Running),
            TimerMessages = [new TaskMessage { InstanceId = "t1", Event = new TimerFiredEvent { TimerId = 0, FireAt = fireAt.UtcDateTime }, VisibleAt = fireAt }],
        }, Ct);

        Assert.Null(await service.LockNextOrchestrationWorkItemAsync(TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(1), Ct));
        var fired = await TestHub.LockAsync(service);
        Assert.IsType<TimerFiredEvent>(fired.NewMessages[0].Event);
        Assert.True(DateTimeOffset.UtcNow >= fireAt.AddMilliseconds(-100), "the timer fired early");
    }

    [Fact]
    public async Task Receive_MessageDueBeyondTheQueueVisibilityLimit_IsHiddenAgainNotHandedOut()
    {
        await using var service = await TestHub.StartAsync(azurite, o => o.PartitionCount = 1);
        var fireAt = DateTimeOffset.UtcNow.AddDays(10);
        var timer = new TaskMessage { InstanceId = "long", Event = new TimerFiredEvent { TimerId = 0, FireAt = fireAt.UtcDateTime }, VisibleAt = fireAt };

        // As if the capped 6-day visibility had run out: the message is visible although due four days later.
        var queue = service.ControlQueueOf("long").Client;
        await queue.SendMessageAsync(StorageJson.Serialize(new QueueEnvelope(timer, null)), Ct);

        Assert.Null(await service.LockNextOrchestrationWorkItemAsync(TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(500), Ct));
        var properties = await queue.GetPropertiesAsync(Ct);
        Assert.Equal(1, properties.Value.ApproximateMessagesCount);
        var peeked = await queue.PeekMessagesAsync(cancellationToken: Ct);
        Assert.Empty(peeked.Value);
    }
}
