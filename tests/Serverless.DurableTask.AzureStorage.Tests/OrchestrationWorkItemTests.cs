using Serverless.DurableTask.Client;
using Serverless.DurableTask.Engine.Storage;
using Serverless.Testing;

namespace Serverless.DurableTask.AzureStorage.Tests;

public sealed class OrchestrationWorkItemTests(AzuriteFixture azurite)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Complete_FirstEpisode_CommitsHistoryStateSendsActivityAndDeletesMessages()
    {
        await using var service = await TestHub.StartAsync(azurite);
        await service.CreateInstanceAsync(TestHub.StartMessage("i1"), null, Ct);
        Assert.Equal(OrchestrationRuntimeStatus.Pending, (await service.GetStateAsync("i1", true, Ct))!.Status);

        var item = await TestHub.LockAsync(service);
        Assert.Equal("i1", item.InstanceId);
        Assert.IsType<ExecutionStartedEvent>(Assert.Single(item.NewMessages).Event);
        var loaded = await service.LoadHistoryAsync(item, Ct);
        Assert.Empty(loaded.Events);
        Assert.Null(loaded.ETag);

        var started = (ExecutionStartedEvent)item.NewMessages[0].Event;
        var etag = await service.CompleteOrchestrationWorkItemAsync(item, new OrchestrationWorkItemCompletion
        {
            ExpectedETag = loaded.ETag,
            NewHistoryEvents = [new OrchestratorStartedEvent(), started, new TaskScheduledEvent { EventId = 0, Name = "Act" }],
            NewState = TestHub.State("i1", OrchestrationRuntimeStatus.Running),
            ActivityMessages = [TestHub.Activity("i1", 0, "\"x\"")],
        }, Ct);
        Assert.False(string.IsNullOrEmpty(etag));

        Assert.Equal(OrchestrationRuntimeStatus.Running, (await service.GetStateAsync("i1", true, Ct))!.Status);
        var history = await service.GetHistoryAsync("i1", Ct);
        Assert.Collection(history, e => Assert.IsType<OrchestratorStartedEvent>(e), e => Assert.IsType<ExecutionStartedEvent>(e), e => Assert.IsType<TaskScheduledEvent>(e));

        var activity = await service.LockNextActivityWorkItemAsync(TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(10), Ct);
        Assert.NotNull(activity);
        Assert.Equal("Act", activity.Scheduled.Name);
        Assert.Equal("\"x\"", activity.Scheduled.Input);
        Assert.Equal("i1:exec1:0", activity.Message.MessageId);

        // The start message was deleted: nothing more for the instance until the activity result arrives.
        Assert.Null(await service.LockNextOrchestrationWorkItemAsync(TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(300), Ct));

        await service.CompleteActivityWorkItemAsync(activity, new TaskMessage
        {
            InstanceId = "i1",
            ExecutionId = "exec1",
            Event = new TaskCompletedEvent { TaskScheduledId = 0, Result = "\"done\"" },
        }, Ct);
        Assert.Null(await service.LockNextActivityWorkItemAsync(TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(300), Ct));

        var next = await TestHub.LockAsync(service);
        var completed = Assert.IsType<TaskCompletedEvent>(Assert.Single(next.NewMessages).Event);
        Assert.Equal("\"done\"", completed.Result);
        Assert.Equal(item.OwnershipToken, next.OwnershipToken);
        var reloaded = await service.LoadHistoryAsync(next, Ct);
        Assert.Equal(3, reloaded.Events.Count);
        Assert.Equal(etag, reloaded.ETag);
        Assert.Equal(OrchestrationRuntimeStatus.Running, reloaded.State!.Status);
    }

    [Fact]
    public async Task Complete_StaleETag_ThrowsConflictAndWritesNothing()
    {
        await using var service = await TestHub.StartAsync(azurite);
        await service.CreateInstanceAsync(TestHub.StartMessage("i2"), null, Ct);
        var item = await TestHub.LockAsync(service);
        var started = item.NewMessages[0].Event;
        var etag = await service.CompleteOrchestrationWorkItemAsync(item, new OrchestrationWorkItemCompletion
        {
            NewHistoryEvents = [new OrchestratorStartedEvent(), started],
            NewState = TestHub.State("i2", OrchestrationRuntimeStatus.Running),
            OrchestratorMessages = [new TaskMessage { InstanceId = "i2", Event = new EventRaisedEvent { Name = "go" } }],
        }, Ct);

        var second = await TestHub.LockAsync(service);
        await Assert.ThrowsAsync<OrchestrationConflictException>(() => service.CompleteOrchestrationWorkItemAsync(second, new OrchestrationWorkItemCompletion
        {
            ExpectedETag = "W/\"datetime'2000-01-01T00%3A00%3A00.0000000Z'\"",
            NewHistoryEvents = [new OrchestratorStartedEvent(), new EventRaisedEvent { Name = "go" }],
            NewState = TestHub.State("i2", OrchestrationRuntimeStatus.Completed),
        }, Ct));

        // A writer that never saw the history (ExpectedETag null) conflicts as well.
        await service.AbandonOrchestrationWorkItemAsync(second, TimeSpan.Zero, Ct);
        var third = await TestHub.LockAsync(service);
        Assert.Equal(1, third.NewMessages[0].DequeueCount);
        await Assert.ThrowsAsync<OrchestrationConflictException>(() => service.CompleteOrchestrationWorkItemAsync(third, new OrchestrationWorkItemCompletion
        {
            NewHistoryEvents = [new OrchestratorStartedEvent(), started],
            NewState = TestHub.State("i2", OrchestrationRuntimeStatus.Completed),
        }, Ct));

        Assert.Equal(2, (await service.GetHistoryAsync("i2", Ct)).Count);
        Assert.Equal(OrchestrationRuntimeStatus.Running, (await service.GetStateAsync("i2", false, Ct))!.Status);
        var loaded = await service.LoadHistoryAsync(third, Ct);
        Assert.Equal(etag, loaded.ETag);
    }

    [Fact]
    public async Task Lock_MessagesForBusyInstance_AreHeldUntilItsWorkItemCompletes()
    {
        await using var service = await TestHub.StartAsync(azurite);
        await service.CreateInstanceAsync(TestHub.StartMessage("busy"), null, Ct);
        var first = await TestHub.LockAsync(service);
        await service.SendMessageAsync(new TaskMessage { InstanceId = "busy", Event = new EventRaisedEvent { Name = "e1" } }, Ct);

        Assert.Null(await service.LockNextOrchestrationWorkItemAsync(TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(500), Ct));

        await service.CompleteOrchestrationWorkItemAsync(first, new OrchestrationWorkItemCompletion
        {
            NewHistoryEvents = [new OrchestratorStartedEvent(), first.NewMessages[0].Event],
            NewState = TestHub.State("busy", OrchestrationRuntimeStatus.Running),
        }, Ct);
        var second = await TestHub.LockAsync(service);
        Assert.Equal("e1", Assert.IsType<EventRaisedEvent>(Assert.Single(second.NewMessages).Event).Name);
    }

    [Fact]
    public async Task Complete_MoreThanOneBatchOfEvents_CommitsAllInOrder()
    {
        await using var service = await TestHub.StartAsync(azurite);
        await service.CreateInstanceAsync(TestHub.StartMessage("fan"), null, Ct);
        var item = await TestHub.LockAsync(service);
        var events = new List<HistoryEvent> { new OrchestratorStartedEvent(), item.NewMessages[0].Event };
        events.AddRange(Enumerable.Range(0, 250).Select(i => new TaskScheduledEvent { EventId = i, Name = "Act" }));
        await service.CompleteOrchestrationWorkItemAsync(item, new OrchestrationWorkItemCompletion
        {
            NewHistoryEvents = events,
            NewState = TestHub.State("fan", OrchestrationRuntimeStatus.Running),
        }, Ct);

        var history = await service.GetHistoryAsync("fan", Ct);
        Assert.Equal(252, history.Count);
        Assert.Equal(Enumerable.Range(0, 250), history.OfType<TaskScheduledEvent>().Select(e => e.EventId));
    }

    [Fact]
    public async Task Complete_StartsNewExecution_ReplacesVisibleHistory()
    {
        await using var service = await TestHub.StartAsync(azurite);
        await service.CreateInstanceAsync(TestHub.StartMessage("can"), null, Ct);
        var item = await TestHub.LockAsync(service);
        var etag = await service.CompleteOrchestrationWorkItemAsync(item, new OrchestrationWorkItemCompletion
        {
            NewHistoryEvents = [new OrchestratorStartedEvent(), item.NewMessages[0].Event],
            NewState = TestHub.State("can", OrchestrationRuntimeStatus.Running),
            OrchestratorMessages = [new TaskMessage { InstanceId = "can", Event = new EventRaisedEvent { Name = "next" } }],
        }, Ct);

        var next = await TestHub.LockAsync(service);
        var restarted = new ExecutionStartedEvent { Name = "Orch", InstanceId = "can", ExecutionId = "exec2", Input = "2" };
        await service.CompleteOrchestrationWorkItemAsync(next, new OrchestrationWorkItemCompletion
        {
            ExpectedETag = etag,
            StartsNewExecution = true,
            NewHistoryEvents = [new OrchestratorStartedEvent(), restarted],
            NewState = TestHub.State("can", OrchestrationRuntimeStatus.Running) with { ExecutionId = "exec2" },
        }, Ct);

        var history = await service.GetHistoryAsync("can", Ct);
        Assert.Equal("exec2", Assert.IsType<ExecutionStartedEvent>(history[1]).ExecutionId);
        Assert.Equal(2, history.Count);
    }

    [Fact]
    public async Task LoadHistory_RowLeftBehindByCrashAfterHistoryCommit_IsRepairedFromHistory()
    {
        await using var service = await TestHub.StartAsync(azurite);
        await service.CreateInstanceAsync(TestHub.StartMessage("crashed"), null, Ct);
        var item = await TestHub.LockAsync(service);
        var started = (ExecutionStartedEvent)item.NewMessages[0].Event;

        // The episode's history commit happened, then the process died: no row update, no deletes.
        await service.History.CommitAsync("crashed", new HistoryStore.Loaded([], null, 0, null), "exec1", false,
            [new OrchestratorStartedEvent(), started, new ExecutionCompletedEvent { Status = OrchestrationRuntimeStatus.Completed, Result = "42", Timestamp = DateTime.UtcNow }], Ct);
        Assert.Equal(OrchestrationRuntimeStatus.Pending, (await service.GetStateAsync("crashed", false, Ct))!.Status);
        await service.AbandonOrchestrationWorkItemAsync(item, TimeSpan.Zero, Ct);

        var again = await TestHub.LockAsync(service);
        var loaded = await service.LoadHistoryAsync(again, Ct);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, loaded.State!.Status);
        var state = await service.GetStateAsync("crashed", true, Ct);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, state!.Status);
        Assert.Equal("42", state.Output);
        Assert.Equal("\"in\"", state.Input);
    }

    [Fact]
    public async Task LoadHistory_AfterSenderDiedBeforeSending_ResendsTheCommittedOutbox()
    {
        var hub = TestHub.NewName();
        await using var dead = TestHub.Create(azurite, hub, o => o.WorkerId = "dead");
        await dead.CreateIfNotExistsAsync(Ct);

        // The dead worker committed an episode (history + outbox) and died before sending anything.
        var started = (ExecutionStartedEvent)TestHub.StartMessage("lost").Event;
        var outbox = new HistoryStore.EpisodeOutbox("ep1", [new OutboxEntry(true, TestHub.Activity("lost", 0, "\"a\""))]);
        await dead.History.CommitAsync("lost", new HistoryStore.Loaded([], null, 0, null), "exec1", false,
            [new OrchestratorStartedEvent(), started, new TaskScheduledEvent { EventId = 0, Name = "Act" }], Ct, outbox);

        await using var survivor = TestHub.Create(azurite, hub, o => o.WorkerId = "survivor");
        await survivor.StartAsync(Ct);
        var workItem = new AzureOrchestrationWorkItem { InstanceId = "lost", NewMessages = [], OwnershipToken = "t", Partition = 0, Messages = [] };
        var loaded = await survivor.LoadHistoryAsync(workItem, Ct);
        Assert.Equal(3, loaded.Events.Count);

        var activity = await survivor.LockNextActivityWorkItemAsync(TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(10), Ct);
        Assert.NotNull(activity);
        Assert.Equal("lost:exec1:0", activity.Message.MessageId);

        // Once sent (and known to be sent), a reload does not send it again.
        await survivor.LoadHistoryAsync(workItem, Ct);
        Assert.Null(await survivor.LockNextActivityWorkItemAsync(TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(300), Ct));
    }
}
