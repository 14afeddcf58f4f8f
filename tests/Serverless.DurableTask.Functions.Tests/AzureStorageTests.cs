using Serverless.Orchestrations;
using Serverless.Testing;

namespace Serverless.DurableTask.Functions.Tests;

/// <summary>The samples on the real backend: Azure Storage (Azurite), started over HTTP.</summary>
public sealed class AzureStorageTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task EtlChainAndFanOut_OnAzureStorage_Complete()
    {
        await using var host = await DurableHosts.StartAsync(azurite, [typeof(EtlChain), typeof(FanOutFanIn)], inMemory: false,
            hostJson: DurableHosts.UniqueHubJson(""", "storageProvider": { "maxQueuePollingInterval": "00:00:00.100" }"""));
        using var client = host.Client();

        var etl = await client.StartAsync("/api/etl_chain", new EtlRequest("crm", ["x", "y", "z"]));
        var fan = await client.StartAsync("/api/fan_out_fan_in", new[] { "a", "bb", "ccc", "dddd" });
        var etlStatus = await client.PollStatusAsync((string)etl["statusQueryGetUri"]!, "Completed", "Failed");
        var fanStatus = await client.PollStatusAsync((string)fan["statusQueryGetUri"]!, "Completed", "Failed");

        Assert.Equal(3, (int)etlStatus["output"]!["loaded"]!);
        Assert.Equal(10, (int)fanStatus["output"]!);
    }

    [Fact]
    public async Task Approval_OnAzureStorage_EventThroughManagementApi_Approved()
    {
        await using var host = await DurableHosts.StartAsync(azurite, [typeof(Approval)], inMemory: false,
            hostJson: DurableHosts.UniqueHubJson(""", "storageProvider": { "maxQueuePollingInterval": "00:00:00.100" }"""));
        using var client = host.Client();

        var payload = await client.StartAsync("/api/approval", new ApprovalRequest("laptop", TimeoutSeconds: 300));
        await client.PollStatusAsync((string)payload["statusQueryGetUri"]!, "Running");
        using var raised = await client.PostAsync(((string)payload["sendEventPostUri"]!).Replace("{eventName}", Approval.EventName, StringComparison.Ordinal), DurableHosts.Json(true));
        var status = await client.PollStatusAsync((string)payload["statusQueryGetUri"]!, "Completed", "Failed");

        Assert.Equal(System.Net.HttpStatusCode.Accepted, raised.StatusCode);
        Assert.Equal("approved:laptop", (string?)status["output"]);
    }

    [Fact]
    public async Task Monitor_OnAzureStorage_DurableTimersAndContinueAsNew_Completes()
    {
        await using var host = await DurableHosts.StartAsync(azurite, [typeof(EternalMonitor)], inMemory: false,
            hostJson: DurableHosts.UniqueHubJson(""", "storageProvider": { "maxQueuePollingInterval": "00:00:00.100" }"""));
        using var client = host.Client();

        var payload = await client.StartAsync("/api/monitor", new MonitorState("cache", IntervalSeconds: 0.2, StopAfterChecks: 3));
        var status = await client.PollStatusAsync((string)payload["statusQueryGetUri"]!, "Completed", "Failed");

        Assert.Equal(3, (int)status["output"]!["checks"]!);
        Assert.Equal(2, (int)status["input"]!["checks"]!);
    }
}
