using Serverless.DurableTask.Client;
using Serverless.DurableTask.Engine.Storage;
using Serverless.Testing;

namespace Serverless.DurableTask.AzureStorage.Tests;

public sealed class ClientTests(AzuriteFixture azurite)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task CreateInstance_ExistingRunningInstance_ThrowsAlreadyExists_TerminalIsReplaced()
    {
        await using var service = await TestHub.StartAsync(azurite);
        await service.CreateInstanceAsync(TestHub.StartMessage("dup"), null, Ct);
        var error = await Assert.ThrowsAsync<OrchestrationAlreadyExistsException>(() => service.CreateInstanceAsync(TestHub.StartMessage("dup"), null, Ct));
        Assert.Equal(OrchestrationRuntimeStatus.Pending, error.Status);

        await CompleteAsync(service, "dup");
        await service.CreateInstanceAsync(TestHub.StartMessage("dup", "\"again\"", executionId: "exec2"), null, Ct);
        var state = await service.GetStateAsync("dup", true, Ct);
        Assert.Equal(OrchestrationRuntimeStatus.Pending, state!.Status);
        Assert.Equal("\"again\"", state.Input);

        // Dedupe on terminal statuses when asked to.
        await CompleteAsync(service, "dup");
        await Assert.ThrowsAsync<OrchestrationAlreadyExistsException>(() => service.CreateInstanceAsync(TestHub.StartMessage("dup"), [OrchestrationRuntimeStatus.Completed], Ct));
    }

    [Fact]
    public async Task QueryStates_PagesWithContinuationToken_AndFilters()
    {
        await using var service = await TestHub.StartAsync(azurite);
        for (var i = 0; i < 5; i++)
        {
            await service.CreateInstanceAsync(TestHub.StartMessage($"q-{i}"), null, Ct);
        }

        await service.CreateInstanceAsync(TestHub.StartMessage("other"), null, Ct);
        await CompleteAsync(service, "q-3");

        var seen = new List<string>();
        string? token = null;
        var pages = 0;
        do
        {
            var page = await service.QueryStatesAsync(new OrchestrationStateQuery { InstanceIdPrefix = "q-", PageSize = 2, ContinuationToken = token }, Ct);
            Assert.True(page.States.Count <= 2);
            seen.AddRange(page.States.Select(s => s.InstanceId));
            token = page.ContinuationToken;
            pages++;
        }
        while (token is not null);
        Assert.Equal(["q-0", "q-1", "q-2", "q-3", "q-4"], seen.Order());
        Assert.True(pages >= 3);

        var completed = await service.QueryStatesAsync(new OrchestrationStateQuery { Statuses = [OrchestrationRuntimeStatus.Completed], FetchInputsAndOutputs = true }, Ct);
        var only = Assert.Single(completed.States);
        Assert.Equal("q-3", only.InstanceId);
        Assert.Equal("\"out\"", only.Output);

        var none = await service.QueryStatesAsync(new OrchestrationStateQuery { CreatedFrom = DateTimeOffset.UtcNow.AddHours(1) }, Ct);
        Assert.Empty(none.States);
        var all = await service.QueryStatesAsync(new OrchestrationStateQuery { CreatedFrom = DateTimeOffset.UtcNow.AddHours(-1), CreatedTo = DateTimeOffset.UtcNow.AddHours(1) }, Ct);
        Assert.Equal(6, all.States.Count);
    }

    [Fact]
    public async Task Purge_TerminalInstance_DeletesRowHistoryAndBlobs_NonTerminalIsKept()
    {
        await using var service = await TestHub.StartAsync(azurite);
        await service.CreateInstanceAsync(TestHub.StartMessage("p1", new string('a', 40_000).Insert(0, "\"") + "\""), null, Ct);
        await service.CreateInstanceAsync(TestHub.StartMessage("p2"), null, Ct);
        await CompleteAsync(service, "p1");
        Assert.NotEmpty(await BlobsAsync(service, "p1"));

        Assert.Equal(0, await service.PurgeInstanceAsync("p2", Ct));
        Assert.Equal(1, await service.PurgeInstanceAsync("p1", Ct));
        Assert.Null(await service.GetStateAsync("p1", false, Ct));
        Assert.Empty(await service.GetHistoryAsync("p1", Ct));
        Assert.Empty(await BlobsAsync(service, "p1"));
        Assert.Equal(0, await service.PurgeInstanceAsync("p1", Ct));
        Assert.NotNull(await service.GetStateAsync("p2", false, Ct));
    }

    [Fact]
    public async Task PurgeInstances_ByFilter_DeletesOnlyMatchingTerminalInstances()
    {
        await using var service = await TestHub.StartAsync(azurite);
        foreach (var id in new[] { "f1", "f2", "f3" })
        {
            await service.CreateInstanceAsync(TestHub.StartMessage(id), null, Ct);
        }

        await CompleteAsync(service, "f1");
        await CompleteAsync(service, "f2", OrchestrationRuntimeStatus.Failed);
        Assert.Equal(1, await service.PurgeInstancesAsync(new OrchestrationPurgeFilter { Statuses = [OrchestrationRuntimeStatus.Failed] }, Ct));
        Assert.Equal(1, await service.PurgeInstancesAsync(new OrchestrationPurgeFilter { CreatedFrom = DateTimeOffset.UtcNow.AddHours(-1) }, Ct));
        Assert.Null(await service.GetStateAsync("f1", false, Ct));
        Assert.Null(await service.GetStateAsync("f2", false, Ct));
        Assert.NotNull(await service.GetStateAsync("f3", false, Ct));
    }

    /// <summary>Runs the instance's pending start message to a terminal state in one episode.</summary>
    internal static async Task CompleteAsync(AzureStorageOrchestrationService service, string instanceId, OrchestrationRuntimeStatus status = OrchestrationRuntimeStatus.Completed)
    {
        OrchestrationWorkItem item;
        while (true)
        {
            item = await TestHub.LockAsync(service);
            if (item.InstanceId == instanceId)
            {
                break;
            }

            await service.AbandonOrchestrationWorkItemAsync(item, TimeSpan.FromMilliseconds(200), Ct);
        }

        var started = (ExecutionStartedEvent)item.NewMessages[^1].Event;
        var loaded = await service.LoadHistoryAsync(item, Ct);
        await service.CompleteOrchestrationWorkItemAsync(item, new OrchestrationWorkItemCompletion
        {
            ExpectedETag = loaded.ETag,
            StartsNewExecution = loaded.ETag is not null,
            NewHistoryEvents = [new OrchestratorStartedEvent(), started, new ExecutionCompletedEvent { Status = status, Result = "\"out\"" }],
            NewState = TestHub.State(instanceId, status, "\"out\"") with { ExecutionId = started.ExecutionId, Input = started.Input },
        }, Ct);
    }

    internal static async Task<List<string>> BlobsAsync(AzureStorageOrchestrationService service, string instanceId)
    {
        var names = new List<string>();
        await foreach (var blob in service.Payloads.Container.GetBlobsAsync(new Azure.Storage.Blobs.Models.GetBlobsOptions { Prefix = instanceId + "/" }, Ct))
        {
            names.Add(blob.Name);
        }

        return names;
    }
}
