using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Serverless.DurableTask.Engine.Storage;
using Serverless.Testing;

namespace Serverless.DurableTask.AzureStorage.Tests;

public sealed class OptionsTests(AzuriteFixture azurite)
{
    [Theory]
    [InlineData("ab", "TaskHubName")]
    [InlineData("1hub", "TaskHubName")]
    [InlineData("hub-name", "TaskHubName")]
    public void Validate_BadHubName_NamesTheKey(string hub, string key)
    {
        var services = new ServiceCollection().AddDurableTaskAzureStorage(azurite.ConnectionString, o => o.TaskHubName = hub);
        using var provider = services.BuildServiceProvider();
        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<AzureStorageDurableOptions>>().Value);
        Assert.Contains(key, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_BadPartitionCountAndLease_NamesEachKey()
    {
        var failures = AzureStorageDurableOptionsValidator.Check(new AzureStorageDurableOptions { PartitionCount = 17, LeaseDuration = TimeSpan.FromSeconds(5) });
        Assert.Contains(failures, f => f.StartsWith("PartitionCount", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("LeaseDuration", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AddDurableTaskAzureStorage_RegistersServiceAndClient_AsOneBackend()
    {
        var services = new ServiceCollection().AddDurableTaskAzureStorage(azurite.ConnectionString, o => o.TaskHubName = "MyHub1");
        await using var provider = services.BuildServiceProvider();
        var service = provider.GetRequiredService<IOrchestrationService>();
        Assert.Same(service, provider.GetRequiredService<IOrchestrationServiceClient>());
        Assert.Equal("myhub1-control-03", ((AzureStorageOrchestrationService)service).Names.ControlQueues[3]);
        Assert.Equal("MyHub1History", ((AzureStorageOrchestrationService)service).Names.HistoryTable);
    }

    [Theory]
    [InlineData("a/b#c?d%e\\f")]
    [InlineData("plain-id")]
    public void KeyEncoding_RoundTrips(string id)
    {
        var encoded = KeyEncoding.Encode(id);
        Assert.DoesNotContain('/', encoded);
        Assert.DoesNotContain('#', encoded);
        Assert.Equal(id, KeyEncoding.Decode(encoded));
    }

    [Fact]
    public void PartitionOf_IsStableAndSpreads()
    {
        Assert.Equal(TaskHubNames.PartitionOf("instance-1", 4), TaskHubNames.PartitionOf("instance-1", 4));
        var used = Enumerable.Range(0, 100).Select(i => TaskHubNames.PartitionOf($"id{i}", 4)).Distinct().Count();
        Assert.Equal(4, used);
    }
}
