using Microsoft.Extensions.Logging.Abstractions;
using Serverless.DurableTask.Client;
using Serverless.DurableTask.Engine.Storage;
using Serverless.Testing;

namespace Serverless.DurableTask.AzureStorage.Tests;

/// <summary>Builds backends on the test Azurite, each test on its own task hub.</summary>
internal static class TestHub
{
    public static string NewName() => AzuriteFixture.UniqueName("hub");

    public static AzureStorageOrchestrationService Create(AzuriteFixture azurite, string hubName, Action<AzureStorageDurableOptions>? configure = null, TimeProvider? timeProvider = null)
    {
        var options = new AzureStorageDurableOptions
        {
            TaskHubName = hubName,
            LeaseDuration = TimeSpan.FromSeconds(15),
            LeaseRenewInterval = TimeSpan.FromSeconds(1),
            MaxQueuePollingInterval = TimeSpan.FromMilliseconds(100),
        };
        configure?.Invoke(options);
        return new AzureStorageOrchestrationService(azurite.QueueService, azurite.TableService, azurite.BlobService, options, timeProvider ?? TimeProvider.System, NullLogger<AzureStorageOrchestrationService>.Instance);
    }

    public static async Task<AzureStorageOrchestrationService> StartAsync(AzuriteFixture azurite, Action<AzureStorageDurableOptions>? configure = null)
    {
        var service = Create(azurite, NewName(), configure);
        await service.StartAsync(TestContext.Current.CancellationToken);
        return service;
    }

    public static TaskMessage StartMessage(string instanceId, string? input = "\"in\"", string name = "Orch", string executionId = "exec1") => new()
    {
        InstanceId = instanceId,
        ExecutionId = executionId,
        Event = new ExecutionStartedEvent { Name = name, InstanceId = instanceId, ExecutionId = executionId, Input = input, Timestamp = DateTime.UtcNow },
    };

    public static OrchestrationState State(string instanceId, OrchestrationRuntimeStatus status, string? output = null) => new()
    {
        InstanceId = instanceId,
        ExecutionId = "exec1",
        Name = "Orch",
        Status = status,
        Input = "\"in\"",
        Output = output,
        CreatedAt = DateTimeOffset.UtcNow,
        LastUpdatedAt = DateTimeOffset.UtcNow,
        CompletedAt = status is OrchestrationRuntimeStatus.Completed ? DateTimeOffset.UtcNow : null,
    };

    public static TaskMessage Activity(string instanceId, int eventId, string? input = null) => new()
    {
        InstanceId = instanceId,
        ExecutionId = "exec1",
        MessageId = $"{instanceId}:exec1:{eventId}",
        Event = new TaskScheduledEvent { EventId = eventId, Name = "Act", Input = input, Timestamp = DateTime.UtcNow },
    };

    /// <summary>Locks the next work item, waiting up to <paramref name="seconds"/>; fails the test when none comes.</summary>
    public static async Task<OrchestrationWorkItem> LockAsync(IOrchestrationService service, double seconds = 10)
    {
        var item = await service.LockNextOrchestrationWorkItemAsync(TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(seconds), TestContext.Current.CancellationToken);
        Assert.NotNull(item);
        return item;
    }
}
