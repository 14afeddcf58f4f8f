using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Serverless.DurableTask.AzureStorage;
using Serverless.DurableTask.Engine;
using Serverless.DurableTask.Engine.InMemory;
using Serverless.DurableTask.Engine.Storage;
using Serverless.DurableTask.Functions.Configuration;
using Serverless.Testing;

namespace Serverless.DurableTask.Functions.Tests;

/// <summary>host.json extensions.durableTask and the backend switch.</summary>
public sealed class OptionsTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task HostJson_DurableTaskSection_AppliedToEngineAndAzureStorage()
    {
        var hub = DurableHosts.Hub();
        var hostJson = $$"""
            { "version": "2.0", "extensions": { "durableTask": {
                "hubName": "{{hub}}", "maxConcurrentActivityFunctions": 3, "maxConcurrentOrchestratorFunctions": 5,
                "extendedSessionsEnabled": false,
                "storageProvider": { "partitionCount": 2, "controlQueueBatchSize": 8, "maxQueuePollingInterval": "00:00:00.500" } } } }
            """;
        await using var host = await DurableHosts.StartAsync(azurite, [typeof(TestOrchestrations)], inMemory: false, hostJson: hostJson);

        var engine = host.Services.GetRequiredService<IOptions<DurableTaskEngineOptions>>().Value;
        var storage = host.Services.GetRequiredService<IOptions<AzureStorageDurableOptions>>().Value;
        Assert.Equal(hub, engine.HubName);
        Assert.Equal(3, engine.MaxConcurrentActivityFunctions);
        Assert.Equal(5, engine.MaxConcurrentOrchestratorFunctions);
        Assert.False(engine.ExtendedSessionsEnabled);
        Assert.Equal(hub, storage.TaskHubName);
        Assert.Equal(2, storage.PartitionCount);
        Assert.Equal(8, storage.ControlQueueBatchSize);
        Assert.Equal(TimeSpan.FromMilliseconds(500), storage.MaxQueuePollingInterval);
        var controlQueues = new List<string>();
        await foreach (var queue in azurite.QueueService.GetQueuesAsync(prefix: hub.ToLowerInvariant() + "-control-", cancellationToken: TestContext.Current.CancellationToken))
        {
            controlQueues.Add(queue.Name);
        }

        Assert.Equal([$"{hub.ToLowerInvariant()}-control-00", $"{hub.ToLowerInvariant()}-control-01"], controlQueues.Order().ToArray());
    }

    [Theory]
    [InlineData("\"storageProvider\": { \"partitionCount\": 0 }", "extensions.durableTask.storageProvider.partitionCount")]
    [InlineData("\"storageProvider\": { \"partitionCount\": 4, \"partitionCuont\": 2 }", "extensions.durableTask.storageProvider.partitionCuont")]
    [InlineData("\"maxConcurrentActivityFunctions\": -1", "extensions.durableTask.maxConcurrentActivityFunctions")]
    [InlineData("\"hubNmae\": \"x\"", "extensions.durableTask.hubNmae")]
    public async Task HostJson_BadDurableTaskValue_StartFailsNamingTheKey(string setting, string key)
    {
        var hostJson = $$"""{ "version": "2.0", "extensions": { "durableTask": { "hubName": "{{DurableHosts.Hub()}}", {{setting}} } } }""";

        var error = await Assert.ThrowsAnyAsync<Exception>(() => DurableHosts.StartAsync(azurite, [typeof(TestOrchestrations)], hostJson: hostJson));

        Assert.Contains(key, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HostJson_BadHubName_StartFailsNamingHubName()
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() => DurableHosts.StartAsync(azurite, [typeof(TestOrchestrations)],
            hostJson: """{ "version": "2.0", "extensions": { "durableTask": { "hubName": "1-bad" } } }"""));

        Assert.Contains("extensions.durableTask.hubName", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, "TestHubName")]
    [InlineData("my-app.01", "myapp01")]
    [InlineData("9lives", "t9lives")]
    public void DefaultHubName_FromAppName_LettersAndDigitsStartingWithLetter(string? siteName, string expected) =>
        Assert.Equal(expected, DurableTaskOptionsSetup.DefaultHubName(siteName));

    [Fact]
    public async Task HostJson_HubNameFromSetting_Resolved()
    {
        var hub = DurableHosts.Hub();
        await using var host = await DurableHosts.StartAsync(azurite, [typeof(TestOrchestrations)],
            settings: new Dictionary<string, string?> { ["MyTaskHub"] = hub },
            hostJson: """{ "version": "2.0", "extensions": { "durableTask": { "hubName": "%MyTaskHub%" } } }""");

        Assert.Equal(hub, host.Services.GetRequiredService<IOptions<DurableTaskEngineOptions>>().Value.HubName);
    }

    [Fact]
    public async Task Backend_InMemoryFlagOrSetting_InMemory_DefaultAzureStorage_BadValueNamed()
    {
        await using (var flag = await DurableHosts.StartAsync(azurite, [typeof(TestOrchestrations)], inMemory: false,
            settings: new Dictionary<string, string?> { [DurableBackend.InMemoryFlag] = "true" }))
        {
            Assert.IsType<InMemoryOrchestrationService>(flag.Services.GetRequiredService<IOrchestrationService>());
        }

        await using (var azure = await DurableHosts.StartAsync(azurite, [typeof(TestOrchestrations)], inMemory: false))
        {
            Assert.Equal("AzureStorageOrchestrationService", azure.Services.GetRequiredService<IOrchestrationService>().GetType().Name);
            Assert.Same(azure.Services.GetRequiredService<IOrchestrationService>(), azure.Services.GetRequiredService<IOrchestrationServiceClient>());
        }

        var error = await Assert.ThrowsAnyAsync<Exception>(() => DurableHosts.StartAsync(azurite, [typeof(TestOrchestrations)], inMemory: false,
            settings: new Dictionary<string, string?> { [DurableBackend.BackendSetting] = "Cosmos" }));
        Assert.Contains("DurableTask:Backend", error.Message, StringComparison.Ordinal);
    }
}
